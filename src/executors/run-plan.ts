// What a run will do, decided without touching anything: per app (ansible-plan.ts,
// terraform-plan.ts, shell-plan.ts) the processes to run, the files to write into the task's
// workspace, the ssh-agents to start and the galaxy installs to run first. run-effects.ts carries
// a plan out. Keeping the decisions pure lets table tests pin down argv, environment precedence and
// file contents without a workspace, an agent or a process.
import { resolve } from 'node:path';
import type { SshKeyMaterial } from '../security/ssh-agent.ts';
import type { RunMaterial, TaskDetails } from '../tasks/run-job.ts';
import type { GalaxyPaths } from './galaxy.ts';
import type { ProcessSpec } from './process.ts';

/** `run` is a task's first phase; `apply` follows a confirmed Terraform plan. */
export type Phase = 'run' | 'apply';

/** Paths in the working copy the plan needs, already checked to exist there (working-copy-path.ts). */
export interface LocatedPaths {
  repoDir: string;
  /** ansible's playbook or a shell app's script. */
  script?: string;
  /** ansible's inventory of type `file` (in the inventory's own repository when it has one). */
  inventoryFile?: string;
  /** Script vaults' scripts, by the path the vault names. */
  vaultScripts?: Record<string, string>;
  /** Terraform's directory. */
  directory?: string;
}

export interface PlanInput {
  details: TaskDetails;
  material: RunMaterial;
  /** The template's `task_params` column, decoded (run-effects.ts decodes it today). */
  templateParams: Record<string, unknown>;
  located: LocatedPaths;
  /** The task's HOME in its workspace; the files of the plan go below it. */
  workspaceDir: string;
  /** Where ansible-galaxy installs roles and collections for this template (galaxy.ts). */
  galaxy: GalaxyPaths;
  /** PATH for the task's processes (config's childPath). */
  path: string;
  /** LANG for the shell apps. */
  lang: string;
  /** The server's web address, for semaphore_vars.task_details.url ('' when unset). */
  webHost: string;
  /** Every step's environment before the plan's own (config's taskEnv: SEMAPHORE_ENV_VARS, forwarded ones). */
  baseEnv: Record<string, string>;
  /** SIGNALMAN_SSH_PATH (SEMAPHORE_SSH_PATH): an ssh config file for ansible's ssh; unset, none. */
  sshConfigPath?: string;
}

export interface Step extends ProcessSpec {
  label: string;
  /** A failure does not end the run: it skips the later steps that name this one in `needs`. */
  probe?: true;
  /** The label of an earlier probe that must have succeeded for this step to run. */
  needs?: string;
}

/** A file only the task's user can read (written with O_EXCL, never through a link). */
export interface PlannedFile {
  path: string;
  content: string;
  mode: number;
  /** A log line said as the file is written. */
  announce?: string;
}

/** An ssh-agent loaded with `key`; its socket goes to `envVar` of every step and galaxy install. */
export interface PlannedAgent {
  label: string;
  key: SshKeyMaterial;
  envVar: 'SSH_AUTH_SOCK';
}

export interface PlannedGalaxyInstall {
  repoDir: string;
  playbook: string;
  paths: GalaxyPaths;
  env: Record<string, string>;
}

export interface RunPlan {
  steps: Step[];
  files: PlannedFile[];
  agents: PlannedAgent[];
  galaxy: PlannedGalaxyInstall[];
  /** After the steps: end as success, or stop at `waiting_confirmation` (Terraform's plan). */
  then: 'success' | 'confirm';
}

/** Owner-only files, as every file a plan writes holds something of the task's. */
export const PRIVATE_FILE_MODE = 0o600;

/** Names files under the workspace's secrets/ folder in the order the plan adds them. */
export function secretFiles(workspaceDir: string) {
  let counter = 0;
  return (label: string) =>
    resolve(workspaceDir, 'secrets', `run-${++counter}-${label.replace(/[^a-z0-9_.-]/gi, '_')}`);
}
