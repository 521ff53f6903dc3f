// The secrets a run needs, decrypted in the worker just before use: repository key, inventory and
// become keys, vault passwords and environment secrets. Every secret value is also listed so the
// output writer can mask it.
import type { Db } from '../store/db.ts';
import { readSecret, type KeySecret } from './access-keys.ts';
import type { TaskDetails } from './task-details.ts';

export interface DecodedKey extends KeySecret {
  id: number;
  name: string;
  type: string;
}

export interface RunMaterial {
  repositoryKey: DecodedKey | null;
  inventory: NonNullable<Awaited<ReturnType<Db['inventory']['findFirst']>>> | null;
  inventoryKey: DecodedKey | null;
  becomeKey: DecodedKey | null;
  vaults: Array<{ name: string; password: string }>;
  varSecrets: Record<string, string>;
  envSecrets: Record<string, string>;
  secretValues: string[];
}

export async function loadRunMaterial(db: Db, details: TaskDetails, encryptionKey: Buffer | null): Promise<RunMaterial> {
  const projectId = details.task.project_id;
  const secretValues: string[] = [];
  const decode = async (keyId: number | null | undefined): Promise<DecodedKey | null> => {
    if (keyId == null) return null;
    const row = await db.accessKey.findFirst({ where: { id: keyId, project_id: projectId } });
    if (!row) throw new Error(`access key ${keyId} not found in project ${projectId}`);
    const secret = readSecret(row, encryptionKey);
    for (const v of [secret.password, secret.passphrase, secret.private_key, secret.string]) if (v) secretValues.push(v);
    return { id: row.id, name: row.name, type: row.type, ...secret };
  };

  const inventory = details.inventoryId
    ? await db.inventory.findFirst({ where: { id: details.inventoryId, project_id: projectId } })
    : null;
  if (details.inventoryId && !inventory) throw new Error(`inventory ${details.inventoryId} not found in project ${projectId}`);

  const vaults: RunMaterial['vaults'] = [];
  for (const vault of await db.templateVault.findMany({ where: { template_id: details.template.id }, orderBy: { id: 'asc' } })) {
    const key = await decode(vault.vault_key_id);
    const password = key?.password ?? key?.string;
    if (password) vaults.push({ name: vault.name || 'default', password });
  }

  const varSecrets: Record<string, string> = {};
  const envSecrets: Record<string, string> = {};
  if (details.template.environment_id) {
    const rows = await db.accessKey.findMany({ where: { environment_id: details.template.environment_id } });
    for (const row of rows) {
      const value = readSecret(row, encryptionKey).string ?? '';
      if (value) secretValues.push(value);
      if (row.name.startsWith('var.')) varSecrets[row.name.slice(4)] = value;
      else if (row.name.startsWith('env.')) envSecrets[row.name.slice(4)] = value;
    }
  }

  return {
    repositoryKey: await decode(details.repository.ssh_key_id),
    inventory,
    inventoryKey: await decode(inventory?.ssh_key_id),
    becomeKey: await decode(inventory?.become_key_id),
    vaults,
    varSecrets,
    envSecrets,
    secretValues,
  };
}
