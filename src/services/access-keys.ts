// The key store: secrets are encrypted at rest and never leave through the API.
import type { Db } from '../store/db.ts';
import {
  deleteKeyRow,
  findProjectKey,
  insertProjectKey,
  keyReferrers,
  listProjectKeys,
  updateKeyRow,
} from '../store/access-keys.ts';
import type { KeyBody } from '../contracts/keys.ts';
import { encryptSecret } from '../security/access-key-crypto.ts';
import { BadRequestError, InUseError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

/** The plaintext stored for a key (§4.1), or null for "no secret". Partial inputs are refused. */
export function secretPlaintext(body: KeyBody): string | null {
  switch (body.type) {
    case 'none':
      return null;
    case 'string':
      return body.string ? body.string : null;
    case 'login_password': {
      const { login = '', password = '' } = body.login_password ?? {};
      if (!login && !password) return null;
      if (!password) throw new BadRequestError('login_password.password: is required');
      return JSON.stringify({ login, password });
    }
    case 'ssh': {
      const { login = '', passphrase = '', private_key = '' } = body.ssh ?? {};
      if (!login && !passphrase && !private_key) return null;
      if (!private_key) throw new BadRequestError('ssh.private_key: is required');
      return JSON.stringify({ login, passphrase, private_key });
    }
  }
}

export async function listKeys(db: Db, projectId: number) {
  return listProjectKeys(db, projectId);
}

export async function getKey(db: Db, projectId: number, keyId: number) {
  const key = await findProjectKey(db, projectId, keyId);
  if (!key) throw new NotFoundError(`access key ${keyId} not found in project ${projectId}`);
  return key;
}

export async function createKey(
  db: Db,
  caller: Caller,
  projectId: number,
  body: KeyBody,
  encryptionKey: Buffer | null,
) {
  const plain = secretPlaintext(body);
  const key = await insertProjectKey(db, projectId, {
    name: body.name,
    type: body.type,
    secret: plain === null ? null : encryptSecret(plain, encryptionKey),
  });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'key',
    object_id: key.id,
    description: `Access Key ${key.name} created`,
  });
  return key;
}

export async function updateKey(
  db: Db,
  caller: Caller,
  projectId: number,
  keyId: number,
  body: KeyBody,
  encryptionKey: Buffer | null,
) {
  await getKey(db, projectId, keyId);
  const data: { name: string; type?: string; secret?: string | null } = { name: body.name };
  if (body.override_secret) {
    const plain = secretPlaintext(body);
    data.type = body.type;
    data.secret = plain === null ? null : encryptSecret(plain, encryptionKey);
  }
  const key = await updateKeyRow(db, keyId, data);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'key',
    object_id: keyId,
    description: `Access Key ${key.name} updated`,
  });
}

export async function keyRefs(db: Db, projectId: number, keyId: number) {
  const { repositories, inventories, templates, integrations } = await keyReferrers(db, projectId, keyId);
  return { templates: uniqueById(templates), inventories, repositories, integrations };
}

export async function deleteKey(db: Db, caller: Caller, projectId: number, keyId: number) {
  const key = await getKey(db, projectId, keyId);
  const refs = await keyRefs(db, projectId, keyId);
  if (refs.templates.length + refs.inventories.length + refs.repositories.length + refs.integrations.length > 0) {
    throw new InUseError(
      `access key ${key.name} is in use by one or more templates, inventories, repositories or integrations`,
    );
  }
  await deleteKeyRow(db, keyId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'key',
    object_id: keyId,
    description: `Access Key ${key.name} deleted`,
  });
}

function uniqueById<T extends { id: number }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.id, i])).values()];
}
