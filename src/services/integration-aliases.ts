// Aliases: the secret path segment of a webhook URL (/api/integrations/{alias}). An alias names
// one integration, or, without one, all integrations of its project.
import { randomInt } from 'node:crypto';
import type { Db } from '../store/db.ts';
import {
  aliasExists,
  deleteAlias as deleteAliasRow,
  findAliases,
  findAliasInScope,
  insertAlias,
} from '../store/integrations.ts';
import { AppError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import { getIntegration } from './integrations.ts';
import type { Caller } from './permissions.ts';

const ALIAS_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const ALIAS_LENGTH = 16;
/** Every alias that can be stored: generated ones, and those a restored backup brings (schemas/backup.ts). */
export const STORED_ALIAS = /^[A-Za-z0-9_-]{1,64}$/;

/** 16 characters from a 36-letter alphabet: about 82 bits, from the system's secure generator. */
export function newAlias(): string {
  let alias = '';
  for (let i = 0; i < ALIAS_LENGTH; i++) alias += ALIAS_ALPHABET[randomInt(ALIAS_ALPHABET.length)];
  return alias;
}

async function checkScope(db: Db, projectId: number, integrationId: number | null) {
  if (integrationId !== null) await getIntegration(db, projectId, integrationId);
}

export async function listAliases(db: Db, projectId: number, integrationId: number | null) {
  await checkScope(db, projectId, integrationId);
  return findAliases(db, projectId, integrationId);
}

export async function createAlias(db: Db, caller: Caller, projectId: number, integrationId: number | null) {
  await checkScope(db, projectId, integrationId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const alias = newAlias();
    if (await aliasExists(db, alias)) continue;
    const row = await insertAlias(db, alias, projectId, integrationId);
    await writeEvent(db, {
      user_id: caller.id,
      project_id: projectId,
      object_type: 'integration',
      object_id: integrationId,
      description:
        integrationId === null ? 'Project integration alias created' : `Integration ID ${integrationId} alias created`,
    });
    return row;
  }
  throw new AppError(503, 'could not generate a unique alias; try again');
}

export async function deleteAlias(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number | null,
  aliasId: number,
) {
  await checkScope(db, projectId, integrationId);
  const row = await findAliasInScope(db, projectId, integrationId, aliasId);
  const scope = integrationId === null ? `project ${projectId}` : `integration ${integrationId}`;
  if (!row) throw new NotFoundError(`alias ${aliasId} not found in ${scope}`);
  await deleteAliasRow(db, aliasId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'integration',
    object_id: integrationId,
    description:
      integrationId === null ? 'Project integration alias deleted' : `Integration ID ${integrationId} alias deleted`,
  });
}
