// What process a task runs: the template's app turned into a command, arguments, environment and
// the files they need (inventory, key and password files), all inside the task's workspace.
import type { Config } from '../config/index.ts';
import type { RunMaterial, TaskDetails } from '../tasks/run-job.ts';
import { startSshAgent } from '../security/ssh-agent.ts';
import type { TaskWorkspace } from '../tasks/workspace.ts';
import type { ProcessSpec } from './process.ts';
import { ansibleEnv, ansiblePlaybookArgs, splitList } from './ansible.ts';
import { buildVarsEnv, buildVarsTaskDetails } from './build-vars.ts';
import { unsafeVarsYaml } from './ansible-task-vars.ts';
import { galaxyCache, installRequirements } from './galaxy.ts';
import { isShellApp, shellCommand } from './shell.ts';
import {
  applyCommand,
  autoApproves,
  isTerraformApp,
  planCommand,
  secretVarEnv,
  setupCommands,
  type TerraformApp,
} from './terraform.ts';
import { existingDirectoryInside, existingFileInside } from './working-copy-path.ts';

export interface PlanInput {
  config: Config;
  details: TaskDetails;
  material: RunMaterial;
  workspace: TaskWorkspace;
  repoDir: string;
  path: string;
  log: (line: string) => void;
  /** Aborted when the task is stopped: ends ansible-galaxy and what it started. */
  signal?: AbortSignal;
}

export class UnsupportedAppError extends Error {}

export interface Step extends ProcessSpec {
  label: string;
}

export interface RunPlan {
  steps: Step[];
  /** After the steps: end as success, or stop at `waiting_confirmation` (Terraform's plan). */
  then: 'success' | 'confirm';
}

/** `run` is a task's first phase; `apply` follows a confirmed Terraform plan. */
export type Phase = 'run' | 'apply';

export async function planRun(input: PlanInput, phase: Phase = 'run'): Promise<RunPlan> {
  const { template } = input.details;
  if (isTerraformApp(template.app)) return planTerraform(input, template.app, phase);
  if (phase === 'apply') throw new Error(`app "${template.app}" has no apply phase`);
  if (template.app === 'ansible')
    return { steps: [{ label: 'ansible-playbook', ...(await planAnsible(input)) }], then: 'success' };
  if (isShellApp(template.app))
    return { steps: [{ label: template.app, ...planShell(input, template.app) }], then: 'success' };
  throw new UnsupportedAppError(`app "${template.app}" is not supported yet`);
}

function planTerraform(input: PlanInput, app: TerraformApp, phase: Phase): RunPlan {
  const { details, material } = input;
  const templateParams = parseParams(details.template.task_params);
  const params = details.input.terraform; // what the gate let the task ask for
  const tf = {
    app,
    workspace: material.inventory?.inventory.trim() || 'default',
    extraVars: details.extraVars,
    templateArgs: details.templateArgs,
    taskArgs: details.taskArgs,
    params,
  };
  const cwd = existingDirectoryInside(input.repoDir, details.template.playbook, 'terraform directory');
  const env = {
    PATH: input.path,
    HOME: input.workspace.dir,
    PWD: cwd,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...details.envVars,
    ...material.envSecrets,
    ...secretVarEnv(material.varSecrets),
  };
  const step = (c: { label: string; args: string[] }): Step => ({
    label: c.label,
    command: app,
    args: c.args,
    cwd,
    env,
  });
  const setup = setupCommands(tf).map(step);
  if (phase === 'apply') return { steps: [...setup, step(applyCommand(tf))], then: 'success' };
  const plan = [...setup, step(planCommand(tf))];
  if (params.plan) return { steps: plan, then: 'success' };
  if (autoApproves(templateParams, params)) return { steps: [...plan, step(applyCommand(tf))], then: 'success' };
  return { steps: plan, then: 'confirm' };
}

/** The task's playbook (as the gate allowed) or the template's, as an absolute path of a file in the working copy. */
function script(input: PlanInput): string {
  return existingFileInside(input.repoDir, input.details.input.playbook || input.details.template.playbook, 'playbook');
}

function planShell(input: PlanInput, app: 'bash' | 'python' | 'powershell'): ProcessSpec {
  const { details, material } = input;
  const { command, args } = shellCommand({
    app,
    script: script(input),
    templateArgs: details.templateArgs,
    extraVars: details.extraVars,
    taskArgs: details.taskArgs,
  });
  return {
    command,
    args,
    cwd: input.repoDir,
    env: {
      PATH: input.path,
      HOME: input.workspace.dir,
      PWD: input.repoDir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      ...details.envVars,
      ...material.varSecrets,
      ...material.envSecrets,
      // Not upstream (it gives these to ansible only): build scripts in bash need them as much.
      ...buildVarsEnv(details.buildVars),
    },
  };
}

async function inventoryPath(input: PlanInput): Promise<string> {
  const inv = input.material.inventory;
  if (!inv) throw new Error('an ansible template needs an inventory');
  switch (inv.type) {
    case 'static': {
      input.log('installing static inventory');
      return input.workspace.privateFile('inventory', inv.inventory);
    }
    case 'static-yaml': {
      input.log('installing static inventory');
      return input.workspace.privateFile('inventory.yml', inv.inventory);
    }
    case 'file':
      return existingFileInside(input.repoDir, inv.inventory, 'inventory file');
    default:
      throw new Error(`inventory type "${inv.type}" cannot be used with ansible`);
  }
}

function taskDetailsVars(input: PlanInput): Record<string, unknown> {
  const { task, username } = input.details;
  const url = input.config.webHost
    ? `${input.config.webHost.replace(/\/$/, '')}/project/${task.project_id}/history?t=${task.id}`
    : null;
  return {
    id: task.id,
    ...(task.message ? { message: task.message } : {}),
    username,
    url,
    ...buildVarsTaskDetails(input.details.buildVars),
  };
}

async function planAnsible(input: PlanInput): Promise<ProcessSpec> {
  const { details, material, workspace } = input;
  const { template, input: asked } = details;
  const params = parseParams(template.task_params);
  const playbook = script(input);
  const inventory = await inventoryPath(input);
  const cache = galaxyCache(input.config.taskRoot, template.id);
  let sshAuthSock: string | undefined;
  const secretVars: Record<string, string> = {};
  const key = material.inventoryKey;
  if (key?.type === 'ssh' && key.private_key) {
    sshAuthSock = await startSshAgent(
      workspace,
      { private_key: key.private_key, passphrase: key.passphrase },
      'inventory',
    );
  }
  if (key?.type === 'login_password' && key.password) secretVars.ansible_password = key.password;
  if (material.becomeKey?.type === 'login_password' && material.becomeKey.password)
    secretVars.ansible_become_password = material.becomeKey.password;

  const vaults = [];
  for (const v of material.vaults)
    vaults.push({ name: v.name, passwordFile: await workspace.secretFile(`vault-${v.name}`, v.password) });

  const env = ansibleEnv({
    path: input.path,
    home: workspace.dir,
    cwd: input.repoDir,
    envVars: {
      ...details.envVars,
      ...material.envSecrets,
      ANSIBLE_ROLES_PATH: cache.rolesPath,
      ANSIBLE_COLLECTIONS_PATH: cache.collectionsPath,
      ANSIBLE_HOST_KEY_CHECKING: 'False',
    },
    sshAuthSock,
    buildVars: details.buildVars,
  });
  await installRequirements({
    repoDir: input.repoDir,
    playbook,
    paths: cache,
    env,
    log: input.log,
    runAs: workspace.runAs,
    signal: input.signal,
  });

  // The task's variables (survey values, webhook values) are data, never templates: they travel
  // as `!unsafe` texts; the environment's, set by those who manage the project, win as upstream.
  const taskVars = Object.fromEntries(
    Object.entries(asked.environment).filter(([k]) => !(k in details.environmentVars)),
  );
  // The task's limit, tags and skip tags (only where the gate let it set them) replace the template's.
  const list = (v: unknown) =>
    splitList(Array.isArray(v) || typeof v === 'string' ? (v as string | string[]) : undefined);
  const taskOrTemplate = (fromTask: string[], name: string) => (fromTask.length ? fromTask : list(params[name]));
  const args = ansiblePlaybookArgs({
    inventoryPath: inventory,
    connectionLogin: key && key.type !== 'none' ? key.login || undefined : undefined,
    becomeLogin: material.becomeKey?.login || undefined,
    secretVarsFile: Object.keys(secretVars).length
      ? await workspace.secretFile('connection.json', JSON.stringify(secretVars))
      : undefined,
    debug: asked.debug,
    debugLevel: asked.debugLevel ?? undefined,
    diff: asked.diff,
    dryRun: asked.dryRun,
    vaults,
    taskVarsFile: Object.keys(taskVars).length
      ? await workspace.secretFile('task-vars.yml', unsafeVarsYaml(taskVars))
      : undefined,
    extraVars: { ...details.environmentVars, semaphore_vars: { task_details: taskDetailsVars(input) } },
    varSecretsFile: Object.keys(material.varSecrets).length
      ? await workspace.secretFile('vars.json', JSON.stringify(material.varSecrets))
      : undefined,
    templateArgs: details.templateArgs,
    taskArgs: details.taskArgs,
    limit: taskOrTemplate(asked.limit, 'limit'),
    tags: taskOrTemplate(asked.tags, 'tags'),
    skipTags: taskOrTemplate(asked.skipTags, 'skip_tags'),
    playbook,
  });
  return { command: 'ansible-playbook', args, cwd: input.repoDir, env };
}

function parseParams(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}
