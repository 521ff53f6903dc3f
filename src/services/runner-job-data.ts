// A job as Semaphore's runner receives it in its poll (semaphore-behaviour.md §7): JobData with
// upstream's keys (`Username`, `IncomingVersion`, `Alias` are Go field names without JSON tags),
// the rows it names as Semaphore's JSON, and the access keys it uses, decrypted: the repository's,
// the inventory's ssh and become keys, the inventory repository's, the template's vault keys. The
// environment's secrets travel in `environment.secrets`, as upstream fills them for a run, and
// the task's secret survey values in `task.secret`.
// `signalman` carries the same job as our own runner runs it (`signalman runner --protocol http`);
// Semaphore's runner ignores keys it does not know.
import type { Db } from '../store/db.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';
import type { AccessKeyRow } from '../store/rows.ts';
import { keysForRun } from '../store/access-keys.ts';
import { findEnvironment } from '../store/environments.ts';
import { vaultsOfTemplate } from '../store/templates.ts';
import { readSecret } from '../security/access-key-crypto.ts';
import type { RunJob } from '../tasks/run-job.ts';
import { loadTaskDetails } from './task-details.ts';
import { loadRunMaterial } from './run-material.ts';

/** An access key as Semaphore's JSON, its secret fields filled in. */
function semaphoreKey(row: AccessKeyRow, encryptionKey: Buffer | null) {
  const s = readSecret(row, encryptionKey);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    project_id: row.project_id,
    string: s.string ?? '',
    login_password: { login: s.login ?? '', password: s.password ?? '' },
    ssh: { login: s.login ?? '', passphrase: s.passphrase ?? '', private_key: s.private_key ?? '' },
    override_secret: false,
  };
}

export type SemaphoreAccessKey = ReturnType<typeof semaphoreKey>;

export interface ProtocolJob {
  data: Record<string, unknown>;
  accessKeys: Record<string, SemaphoreAccessKey>;
}

/** Go's zero Inventory, for a task that has none (JobData's `inventory` is not a pointer). */
const NO_INVENTORY = {
  id: 0,
  name: '',
  project_id: 0,
  inventory: '',
  ssh_key_id: null,
  become_key_id: null,
  type: '',
  repository_id: null,
};

export async function protocolJob(
  db: Db,
  apps: ConfiguredApps,
  encryptionKey: Buffer | null,
  taskId: number,
  /** The task's secret survey values, sealed for it, when it has some. */
  sealedSecret?: string,
): Promise<ProtocolJob> {
  const details = await loadTaskDetails(db, taskId, apps);
  const material = await loadRunMaterial(db, details, encryptionKey, sealedSecret);
  const projectId = details.task.project_id;
  const environmentId = details.template.environment_id;
  const vaults = await vaultsOfTemplate(db, details.template.id);
  const inventory = material.inventory;
  const inventoryRepo = material.inventoryRepository?.repository ?? null;
  const keyIds = [
    details.repository.ssh_key_id,
    inventoryRepo?.ssh_key_id,
    inventory?.ssh_key_id,
    inventory?.become_key_id,
    ...vaults.map((v) => v.vault_key_id),
  ].filter((id): id is number => id != null);
  const rows = await keysForRun(db, projectId, keyIds, environmentId);
  const accessKeys: Record<string, SemaphoreAccessKey> = {};
  for (const row of rows)
    if (row.project_id === projectId && keyIds.includes(row.id))
      accessKeys[String(row.id)] = semaphoreKey(row, encryptionKey);
  const secrets = rows
    .filter((row) => environmentId && row.environment_id === environmentId)
    .map((row) => ({
      id: row.id,
      type: row.name.startsWith('var.') ? 'var' : 'env',
      name: row.name.replace(/^(var|env)\./, ''),
      secret: readSecret(row, encryptionKey).string ?? '',
      operation: '',
    }));
  const environment = details.template.environment_id
    ? await findEnvironment(db, projectId, details.template.environment_id)
    : null;
  const job: RunJob = { details, material };
  return {
    accessKeys,
    data: {
      Username: details.username,
      IncomingVersion: details.buildVars?.incomingVersion ?? null,
      Alias: '',
      // Upstream's Task carries its secret survey values as a JSON text (`secret`), for this run only.
      task: {
        ...details.task,
        secret: Object.keys(material.surveySecrets).length ? JSON.stringify(material.surveySecrets) : '',
      },
      template: { ...details.template, vaults },
      inventory: inventory ?? NO_INVENTORY,
      inventory_repository: inventoryRepo,
      repository: details.repository,
      environment: environment
        ? { ...environment, secrets }
        : { id: 0, name: '', project_id: projectId, json: '{}', env: null, password: null, secrets },
      signalman: job,
    },
  };
}
