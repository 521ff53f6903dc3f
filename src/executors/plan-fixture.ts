// A task as the plan builders receive it (TaskDetails, RunMaterial, located paths), for the table
// tests of ansible-plan.ts, terraform-plan.ts, shell-plan.ts and plan.ts. Each test overrides what
// it is about.
import type { DecodedKey, RunMaterial, TaskDetails } from '../tasks/run-job.ts';
import type { InventoryRow, RepositoryRow, TaskRow, TemplateRow } from '../store/rows.ts';
import type { PlanInput } from './run-plan.ts';
import { defaultAppCommand } from '../domain/app-commands.ts';

export const WS = '/tasks/task_7/work';
export const REPO = `${WS}/repository`;

export function details(over: {
  app?: string;
  details?: Partial<TaskDetails>;
  input?: Partial<TaskDetails['input']>;
  task?: Partial<TaskRow>;
}): TaskDetails {
  const app = over.app ?? 'ansible';
  const base: TaskDetails = {
    task: { id: 0, project_id: 3, message: '' } as TaskRow,
    input: {
      playbook: null,
      environment: {},
      secret: {},
      arguments: [],
      gitBranch: null,
      commitHash: null,
      inventoryId: null,
      limit: [],
      tags: [],
      skipTags: [],
      debug: false,
      debugLevel: null,
      skipGalaxyInstall: false,
      dryRun: false,
      diff: false,
      terraform: { plan: false, destroy: false, autoApprove: false, upgrade: false, reconfigure: false },
      ...over.input,
    },
    ignored: [],
    template: { id: 11, app, playbook: 'test.yml', task_params: null } as TemplateRow,
    app: { id: app, ...defaultAppCommand(app) },
    repository: { id: 5, git_url: 'https://example.org/r.git' } as RepositoryRow,
    inventoryId: null,
    extraVars: {},
    environmentVars: {},
    envVars: {},
    templateArgs: [],
    taskArgs: [],
    username: '',
    buildVars: null,
    ...over.details,
  };
  return { ...base, task: { ...base.task, ...over.task } };
}

export function key(type: string, fields: Partial<DecodedKey> = {}): DecodedKey {
  return { id: 1, name: `${type} key`, type, ...fields };
}

export function inventory(type: string, text = ''): InventoryRow {
  return { id: 2, type, inventory: text } as InventoryRow;
}

export function material(over: Partial<RunMaterial> = {}): RunMaterial {
  return {
    repositoryKey: null,
    inventory: null,
    inventoryKey: null,
    becomeKey: null,
    inventoryRepository: null,
    vaults: [],
    varSecrets: {},
    envSecrets: {},
    surveySecrets: {},
    secretValues: [],
    ...over,
  };
}

export function planInput(d: TaskDetails, m: RunMaterial, over: Partial<PlanInput> = {}): PlanInput {
  return {
    details: d,
    material: m,
    templateParams: {},
    located: { repoDir: REPO, script: `${REPO}/${d.template.playbook}`, directory: REPO },
    workspaceDir: WS,
    galaxy: { rolesPath: '/tasks/galaxy/template_11/roles', collectionsPath: '/tasks/galaxy/template_11/collections' },
    path: '/usr/bin:/bin',
    lang: 'C.UTF-8',
    webHost: '',
    baseEnv: {},
    ...over,
  };
}
