// The plan of an ansible task (semaphore-behaviour.md §3.5): ansible-playbook's argv and
// environment, the inventory, password and variable files it reads, the inventory key's
// ssh-agent, and the galaxy requirements installed first. Pure: run-effects.ts carries it out.
import { resolve } from 'node:path';
import { ansibleEnv, ansiblePlaybookArgs, splitList } from './ansible.ts';
import { unsafeVarsYaml } from './ansible-task-vars.ts';
import { buildVarsTaskDetails } from './build-vars.ts';
import {
  PRIVATE_FILE_MODE,
  type PlanInput,
  type PlannedAgent,
  type PlannedFile,
  type RunPlan,
  secretFiles,
} from './run-plan.ts';

function taskDetailsVars(input: PlanInput): Record<string, unknown> {
  const { task, username } = input.details;
  const url = input.webHost
    ? `${input.webHost.replace(/\/$/, '')}/project/${task.project_id}/history?t=${task.id}`
    : null;
  return {
    id: task.id,
    ...(task.message ? { message: task.message } : {}),
    username,
    url,
    ...buildVarsTaskDetails(input.details.buildVars),
  };
}

/** The inventory's path: a file the plan writes (static kinds) or the working copy's file. */
function inventory(input: PlanInput, files: PlannedFile[]): string {
  const inv = input.material.inventory;
  if (!inv) throw new Error('an ansible template needs an inventory');
  const written = (name: string) => {
    const path = resolve(input.workspaceDir, name);
    files.push({ path, content: inv.inventory, mode: PRIVATE_FILE_MODE, announce: 'installing static inventory' });
    return path;
  };
  switch (inv.type) {
    case 'static':
      return written('inventory');
    case 'static-yaml':
      return written('inventory.yml');
    case 'file':
      if (!input.located.inventoryFile) throw new Error('the inventory file was not located in the working copy');
      return input.located.inventoryFile;
    default:
      throw new Error(`inventory type "${inv.type}" cannot be used with ansible`);
  }
}

export function ansiblePlan(input: PlanInput): RunPlan {
  const { details, material, templateParams: params } = input;
  const { input: asked } = details;
  const repoDir = input.located.repoDir;
  const playbook = input.located.script;
  if (!playbook) throw new Error('the playbook was not located in the working copy');
  const files: PlannedFile[] = [];
  const secretFile = secretFiles(input.workspaceDir);
  const secret = (label: string, content: string) => {
    const path = secretFile(label);
    files.push({ path, content, mode: PRIVATE_FILE_MODE });
    return path;
  };
  const inventoryPath = inventory(input, files);

  const agents: PlannedAgent[] = [];
  const secretVars: Record<string, string> = {};
  const key = material.inventoryKey;
  if (key?.type === 'ssh' && key.private_key)
    agents.push({
      label: 'inventory',
      key: { private_key: key.private_key, passphrase: key.passphrase },
      envVar: 'SSH_AUTH_SOCK',
    });
  if (key?.type === 'login_password' && key.password) secretVars.ansible_password = key.password;
  if (material.becomeKey?.type === 'login_password' && material.becomeKey.password)
    secretVars.ansible_become_password = material.becomeKey.password;

  // A password goes to an owner-only file; a script vault names its script in the working copy,
  // which ansible runs to read the password (`--vault-id name@script`, as upstream).
  const vaults = material.vaults.map((v) => {
    if (!('script' in v)) return { name: v.name, passwordFile: secret(`vault-${v.name}`, v.password) };
    const script = input.located.vaultScripts?.[v.script];
    if (!script) throw new Error(`the script of vault "${v.name}" was not located in the working copy`);
    return { name: v.name, passwordFile: script };
  });

  // SSH_AUTH_SOCK of the agent is added by run-effects.ts once the agent runs.
  const env = ansibleEnv({
    path: input.path,
    home: input.workspaceDir,
    cwd: repoDir,
    envVars: {
      ...details.envVars,
      ...material.envSecrets,
      ANSIBLE_ROLES_PATH: input.galaxy.rolesPath,
      ANSIBLE_COLLECTIONS_PATH: input.galaxy.collectionsPath,
      ANSIBLE_HOST_KEY_CHECKING: 'False',
    },
    buildVars: details.buildVars,
  });

  // The task's variables (survey values, webhook values) are data, never templates: they travel
  // as `!unsafe` texts; the environment's, set by those who manage the project, win as upstream.
  // Secret survey values are task variables too, in the same owner-only file (never on argv).
  const taskVars = Object.fromEntries(
    Object.entries({ ...asked.environment, ...material.surveySecrets }).filter(
      ([k]) => !(k in details.environmentVars),
    ),
  );
  // The task's limit, tags and skip tags (only where the gate let it set them) replace the template's.
  const list = (v: unknown) =>
    splitList(Array.isArray(v) || typeof v === 'string' ? (v as string | string[]) : undefined);
  const taskOrTemplate = (fromTask: string[], name: string) => (fromTask.length ? fromTask : list(params[name]));
  const args = ansiblePlaybookArgs({
    inventoryPath,
    connectionLogin: key && key.type !== 'none' ? key.login || undefined : undefined,
    becomeLogin: material.becomeKey?.login || undefined,
    secretVarsFile: Object.keys(secretVars).length ? secret('connection.json', JSON.stringify(secretVars)) : undefined,
    debug: asked.debug,
    debugLevel: asked.debugLevel ?? undefined,
    diff: asked.diff,
    dryRun: asked.dryRun,
    vaults,
    sshConfigPath: input.sshConfigPath || undefined,
    taskVarsFile: Object.keys(taskVars).length ? secret('task-vars.yml', unsafeVarsYaml(taskVars)) : undefined,
    extraVars: { ...details.environmentVars, semaphore_vars: { task_details: taskDetailsVars(input) } },
    varSecretsFile: Object.keys(material.varSecrets).length
      ? secret('vars.json', JSON.stringify(material.varSecrets))
      : undefined,
    templateArgs: details.templateArgs,
    taskArgs: details.taskArgs,
    limit: taskOrTemplate(asked.limit, 'limit'),
    tags: taskOrTemplate(asked.tags, 'tags'),
    skipTags: taskOrTemplate(asked.skipTags, 'skip_tags'),
    playbook,
  });
  return {
    steps: [{ label: 'ansible-playbook', command: 'ansible-playbook', args, cwd: repoDir, env }],
    files,
    agents,
    // skip_galaxy_install: the template's, or the task's where the template allows it (the gate).
    galaxy:
      asked.skipGalaxyInstall || params.skip_galaxy_install === true
        ? []
        : [{ repoDir, playbook, paths: input.galaxy, env }],
    then: 'success',
  };
}
