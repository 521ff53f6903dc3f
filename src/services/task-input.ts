// The gate (domain/task-input-gate.ts) applied to real rows: a template as stored, the caller's
// real permission, a request body in, the task row's columns out, and a stored row read back as
// a request when a run loads it.
import type { Db } from '../store/db.ts';
import { jsonColumn } from '../store/json-columns.ts';
import type { TaskRow, TemplateRow } from '../store/rows.ts';
import { templateEditorStanding } from '../store/templates.ts';
import {
  gateTaskInput,
  refusalText,
  type AcceptedTaskInput,
  type GateCaller,
  type GateResult,
  type GateTemplate,
  type TaskOrigin,
  type TaskRequest,
} from '../domain/task-input-gate.ts';
import { BadRequestError } from './errors.ts';
import { Permission, roleCan, type Caller } from './permissions.ts';

export function gateTemplateOf(template: TemplateRow): GateTemplate {
  return {
    app: template.app,
    playbook: template.playbook,
    gitBranch: template.git_branch,
    inventoryId: template.inventory_id,
    allowOverrideArgsInTask: template.allow_override_args_in_task,
    allowOverrideBranchInTask: template.allow_override_branch_in_task,
    taskParams: jsonColumn('template', template, 'task_params'),
    surveyVarNames: jsonColumn('template', template, 'survey_vars').map((v) => v.name),
  };
}

/** Admins, and members whose role may manage the project's resources, may edit its templates. */
export async function mayEditTemplates(
  db: Db,
  caller: Caller | { id: number; admin?: boolean },
  projectId: number,
): Promise<boolean> {
  if (caller.admin) return true;
  const standing = await templateEditorStanding(db, caller.id, projectId);
  if (standing.admin) return true;
  return standing.role !== null ? roleCan(standing.role, Permission.manageProjectResources) : false;
}

/**
 * Who asks, for the gate. Schedules' and integrations' task_params were written by members who
 * may manage the project's resources (their routes require it), so their names count as the
 * template editor's; a build's autorun asks for nothing of its own.
 */
export async function gateCallerFor(
  db: Db,
  projectId: number,
  who: { user: Caller | { id: number } | null; origin: TaskOrigin },
): Promise<GateCaller> {
  if (who.origin === 'user')
    return { origin: 'user', mayEditTemplate: who.user ? await mayEditTemplates(db, who.user, projectId) : false };
  return { origin: who.origin, mayEditTemplate: who.origin === 'schedule' || who.origin === 'integration' };
}

/** The gate at task creation: any refusal is a 400 naming the field, and nothing is stored. */
export function gateOrRefuse(template: TemplateRow, caller: GateCaller, request: TaskRequest): AcceptedTaskInput {
  const result = gateTaskInput(gateTemplateOf(template), caller, request);
  if (result.refusals.length) throw new BadRequestError(result.refusals.map(refusalText).join('; '));
  return result.input;
}

/** The task row's columns for what the gate accepted. */
export function taskRowFields(input: AcceptedTaskInput) {
  const params: Record<string, unknown> = {};
  if (input.tags.length) params.tags = input.tags;
  if (input.skipTags.length) params.skip_tags = input.skipTags;
  if (input.debugLevel !== null) params.debug_level = input.debugLevel;
  if (input.skipGalaxyInstall) params.skip_galaxy_install = true;
  for (const [key, on] of Object.entries({
    plan: input.terraform.plan,
    destroy: input.terraform.destroy,
    auto_approve: input.terraform.autoApprove,
    upgrade: input.terraform.upgrade,
    reconfigure: input.terraform.reconfigure,
  })) {
    if (on) params[key] = true;
  }
  return {
    playbook: input.playbook ?? '',
    environment: Object.keys(input.environment).length ? JSON.stringify(input.environment) : '',
    arguments: input.arguments.length ? JSON.stringify(input.arguments) : null,
    git_branch: input.gitBranch,
    commit_hash: input.commitHash,
    inventory_id: input.inventoryId,
    hosts_limit: input.limit.join(','),
    debug: input.debug,
    dry_run: input.dryRun,
    diff: input.diff,
    params: Object.keys(params).length ? JSON.stringify(params) : null,
  };
}

/** What started a stored task, as far as its row tells. */
export function originOfRow(task: Pick<TaskRow, 'user_id' | 'schedule_id' | 'integration_id'>): TaskOrigin {
  if (task.user_id != null) return 'user';
  if (task.schedule_id != null) return 'schedule';
  if (task.integration_id != null) return 'integration';
  return 'autorun';
}

/**
 * The gate again, over a stored row (it may predate the gate, or come from a Semaphore database).
 * A commit hash recorded by the task's own run (it is past `starting`: a Terraform apply after its
 * plan) is what the run checked out, not a request, and is kept.
 */
export async function regateStoredTask(db: Db, template: TemplateRow, task: TaskRow): Promise<GateResult> {
  const origin = originOfRow(task);
  const caller = await gateCallerFor(db, task.project_id, {
    user: task.user_id != null ? { id: task.user_id } : null,
    origin,
  });
  const recordedCommit = !['waiting', 'starting'].includes(task.status) ? task.commit_hash : null;
  const result = gateTaskInput(gateTemplateOf(template), caller, {
    ...requestOfRow(task),
    ...(recordedCommit ? { commit_hash: null } : {}),
  });
  if (recordedCommit) result.input.commitHash = recordedCommit;
  return result;
}

/**
 * A stored task row read back as the request it stands for. Its JSON columns are read like every
 * stored JSON (bad text is a StoredJsonError naming the task); the gate then judges the values.
 */
export function requestOfRow(
  task: Pick<
    TaskRow,
    | 'playbook'
    | 'environment'
    | 'arguments'
    | 'git_branch'
    | 'commit_hash'
    | 'inventory_id'
    | 'hosts_limit'
    | 'debug'
    | 'dry_run'
    | 'diff'
    | 'params'
  > & { id?: number },
): TaskRequest {
  const environment = jsonColumn('task', task, 'environment');
  const args = jsonColumn('task', task, 'arguments');
  const params = jsonColumn('task', task, 'params');
  return {
    playbook: task.playbook,
    // The gate reads these as request text; no text where the column reads as empty.
    environment: Object.keys(environment).length ? task.environment : '',
    arguments: args.length ? task.arguments : null,
    git_branch: task.git_branch,
    commit_hash: task.commit_hash,
    inventory_id: task.inventory_id,
    limit: task.hosts_limit,
    debug: task.debug,
    dry_run: task.dry_run,
    diff: task.diff,
    params: Object.keys(params).length ? params : null,
  };
}
