// The secrets a run needs, decrypted in the worker just before use: repository key, inventory and
// become keys, vault passwords, environment secrets and the task's secret survey values. Every secret value is also listed so the
// output writer can mask it.
import type { Db } from '../store/db.ts';
import { keysForRun } from '../store/access-keys.ts';
import { findInventory } from '../store/inventories.ts';
import { findRepository } from '../store/repositories.ts';
import { vaultsOfTemplate } from '../store/templates.ts';
import { readSecret } from '../security/access-key-crypto.ts';
import { maskedTexts, openTaskSecret } from '../security/task-secret-seal.ts';
import type { DecodedKey, RunMaterial, TaskDetails } from '../tasks/run-job.ts';

export async function loadRunMaterial(
  db: Db,
  details: TaskDetails,
  encryptionKey: Buffer | null,
  /** The task's secret survey values, sealed for it (the task's workflow carries them). */
  sealedSecret?: string,
): Promise<RunMaterial> {
  const projectId = details.task.project_id;
  const environmentId = details.template.environment_id;
  const [inventory, vaultRows] = await Promise.all([
    details.inventoryId ? findInventory(db, projectId, details.inventoryId) : null,
    vaultsOfTemplate(db, details.template.id),
  ]);
  if (details.inventoryId && !inventory)
    throw new Error(`inventory ${details.inventoryId} not found in project ${projectId}`);
  // A file inventory ansible reads from a repository of its own (only one of this project).
  const inventoryRepoId =
    details.template.app === 'ansible' && inventory?.type === 'file' ? inventory.repository_id : null;
  const inventoryRepo = inventoryRepoId ? await findRepository(db, projectId, inventoryRepoId) : null;
  if (inventoryRepoId && !inventoryRepo)
    throw new Error(`repository ${inventoryRepoId} of inventory ${inventory?.id} not found in project ${projectId}`);

  // Every access key the run reads comes in one query: the keys named above and the environment's secrets.
  const named = [
    details.repository.ssh_key_id,
    inventoryRepo?.ssh_key_id,
    inventory?.ssh_key_id,
    inventory?.become_key_id,
    ...vaultRows.map((v) => v.vault_key_id),
  ].filter((id): id is number => id != null);
  const keyRows = await keysForRun(db, projectId, named, environmentId);
  const projectKeys = new Map(keyRows.filter((row) => row.project_id === projectId).map((row) => [row.id, row]));

  const secretValues: string[] = [];
  const decode = (keyId: number | null | undefined): DecodedKey | null => {
    if (keyId == null) return null;
    const row = projectKeys.get(keyId);
    if (!row) throw new Error(`access key ${keyId} not found in project ${projectId}`);
    const secret = readSecret(row, encryptionKey);
    for (const v of [secret.password, secret.passphrase, secret.private_key, secret.string])
      if (v) secretValues.push(v);
    return { id: row.id, name: row.name, type: row.type, ...secret };
  };

  const vaults: RunMaterial['vaults'] = [];
  for (const vault of vaultRows) {
    // A script vault: the script of the working copy prints the password (checked inside it at run time).
    if (vault.type === 'script') {
      if (vault.script) vaults.push({ name: vault.name || 'default', script: vault.script });
      continue;
    }
    const key = decode(vault.vault_key_id);
    const password = key?.password ?? key?.string;
    if (password) vaults.push({ name: vault.name || 'default', password });
  }

  const varSecrets: Record<string, string> = {};
  const envSecrets: Record<string, string> = {};
  for (const row of environmentId ? keyRows.filter((r) => r.environment_id === environmentId) : []) {
    const value = readSecret(row, encryptionKey).string ?? '';
    if (value) secretValues.push(value);
    if (row.name.startsWith('var.')) varSecrets[row.name.slice(4)] = value;
    else if (row.name.startsWith('env.')) envSecrets[row.name.slice(4)] = value;
  }

  // Secret survey values: the task's own, for its runs only; opened only for the task they were sealed for.
  const surveySecrets = sealedSecret ? openTaskSecret(sealedSecret, details.task.id, encryptionKey) : {};
  secretValues.push(...maskedTexts(surveySecrets));

  return {
    repositoryKey: decode(details.repository.ssh_key_id),
    inventory,
    inventoryKey: decode(inventory?.ssh_key_id),
    becomeKey: decode(inventory?.become_key_id),
    inventoryRepository: inventoryRepo ? { repository: inventoryRepo, key: decode(inventoryRepo.ssh_key_id) } : null,
    vaults,
    varSecrets,
    envSecrets,
    surveySecrets,
    secretValues,
  };
}
