// What a run is given: the task as the gate accepted it with everything it names (TaskDetails),
// and the decrypted secrets it needs (RunMaterial). A worker beside the database loads both
// (services/task-details.ts, services/run-material.ts); a remote runner receives them from the
// API as JSON, so these are plain data.
import type { AcceptedTaskInput } from '../domain/task-input-gate.ts';
import type { BuildVars } from '../domain/build-version.ts';
import type { KeySecret } from '../security/access-key-crypto.ts';
import type { InventoryRow, RepositoryRow, TaskRow, TemplateRow } from '../store/rows.ts';

/** The template's app as admins set it (/api/apps): the executable and the arguments before the script. */
export interface RunApp {
  id: string;
  path: string;
  args: string[];
}

export interface TaskDetails {
  /** The row, with every field the gate decides replaced by the gate's decision. */
  task: TaskRow;
  /** What the task may change (domain/task-input-gate.ts), checked again as the run loads it. */
  input: AcceptedTaskInput;
  /** What the stored task asked for and the gate dropped, one log line each. */
  ignored: string[];
  template: TemplateRow;
  /** The template's app, active, with its path and args (services/apps.ts). */
  app: RunApp;
  repository: RepositoryRow;
  inventoryId: number | null;
  /** The task's variables under the environment's (which win, as upstream merges them). */
  extraVars: Record<string, unknown>;
  /** The environment's own extra vars (its `json`), written by those who manage the project. */
  environmentVars: Record<string, unknown>;
  envVars: Record<string, string>;
  templateArgs: string[];
  taskArgs: string[];
  username: string;
  /** Build and deploy templates only: type, incoming and target version. */
  buildVars: BuildVars | null;
}

export type { KeySecret };

export interface DecodedKey extends KeySecret {
  id: number;
  name: string;
  type: string;
}

/**
 * A template vault for ansible-playbook's `--vault-id`: a password (written to an owner-only file),
 * or a script of the working copy that prints the password (semaphore-behaviour.md §1.12, §3.5).
 */
export type VaultMaterial = { name: string; password: string } | { name: string; script: string };

/** A `file` inventory's own repository (semaphore-behaviour.md §1.9), cloned with its own key and branch. */
export interface InventoryRepository {
  repository: RepositoryRow;
  key: DecodedKey | null;
}

export interface RunMaterial {
  repositoryKey: DecodedKey | null;
  inventory: InventoryRow | null;
  inventoryKey: DecodedKey | null;
  becomeKey: DecodedKey | null;
  /** Set only for a `file` inventory with a repository_id. */
  inventoryRepository: InventoryRepository | null;
  vaults: VaultMaterial[];
  varSecrets: Record<string, string>;
  envSecrets: Record<string, string>;
  /** The task's secret survey values (its `secret`), opened for this run; never stored. */
  surveySecrets: Record<string, unknown>;
  secretValues: string[];
}

export interface RunJob {
  details: TaskDetails;
  material: RunMaterial;
}
