// Task templates: what to run (app, playbook or script), from which repository, with what.
import { vaultScriptProblem } from '../domain/vault-script.ts';
import type { Db } from '../store/db.ts';
import {
  deleteTemplateWithHistory,
  findTemplateWithVaults,
  insertTemplate,
  listTemplatesWithVaults,
  templateReferrers,
  updateTemplateRow,
  type TemplateFields,
  type VaultFields,
} from '../store/templates.ts';
import { countUnfinishedTasksOfTemplate } from '../store/tasks.ts';
import { lastTasksOf, type TaskListItem } from './tasks.ts';
import type { TemplateBody } from '../contracts/templates.ts';
import { BadRequestError, InUseError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import { runnableApp } from './apps.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';
import type { Caller } from './permissions.ts';
import {
  requireEnvironmentIn,
  requireInventoryIn,
  requireKeyIn,
  requireRepositoryIn,
  requireTemplateIn,
  requireViewIn,
} from './references.ts';

const TERRAFORM_APPS = new Set(['terraform', 'tofu', 'terragrunt']);

/** Templates with their last task (`last_task`, null when never run), as Semaphore answers them. */
export async function withLastTasks<T extends { id: number; project_id: number }>(
  db: Db,
  projectId: number,
  templates: T[],
): Promise<Array<T & { lastTask: TaskListItem | null }>> {
  const last = await lastTasksOf(
    db,
    projectId,
    templates.map((t) => t.id),
  );
  return templates.map((t) => ({ ...t, lastTask: last.get(t.id) ?? null }));
}

export async function listTemplates(db: Db, projectId: number) {
  return withLastTasks(db, projectId, await listTemplatesWithVaults(db, projectId));
}

export async function getTemplate(db: Db, projectId: number, templateId: number) {
  const tpl = await findTemplateWithVaults(db, projectId, templateId);
  if (!tpl) throw new NotFoundError(`template ${templateId} not found in project ${projectId}`);
  return (await withLastTasks(db, projectId, [tpl]))[0];
}

async function checkTemplate(db: Db, apps: ConfiguredApps, projectId: number, body: TemplateBody, selfId?: number) {
  await runnableApp(db, body.app, apps); // an unknown or inactive app: 400 "Invalid app id"
  await requireRepositoryIn(db, projectId, body.repository_id, 'repository_id');
  await requireInventoryIn(db, projectId, body.inventory_id, 'inventory_id');
  await requireEnvironmentIn(db, projectId, body.environment_id, 'environment_id');
  await requireViewIn(db, projectId, body.view_id, 'view_id');
  await requireTemplateIn(db, projectId, body.build_template_id, 'build_template_id');
  if (selfId !== undefined && body.build_template_id === selfId)
    throw new BadRequestError('build_template_id: a template cannot be its own build template');
  if (body.type === 'deploy' && !body.build_template_id)
    throw new BadRequestError('build_template_id: is required for deploy templates');
  if (!TERRAFORM_APPS.has(body.app) && !body.playbook.trim()) throw new BadRequestError('playbook: is required');
  if (body.playbook.split(/[\\/]/).includes('..'))
    throw new BadRequestError('playbook: must stay inside the repository (no "..")');
  for (const [i, v] of (body.vaults ?? []).entries()) {
    await requireKeyIn(db, projectId, v.vault_key_id, `vaults.${i}.vault_key_id`);
    const problem = v.type === 'script' ? vaultScriptProblem(v.script ?? '') : null;
    if (problem) throw new BadRequestError(`vaults.${i}.script: ${problem}`);
  }
}

const fields = (body: TemplateBody): TemplateFields => ({
  name: body.name,
  app: body.app,
  playbook: body.playbook,
  repository_id: body.repository_id,
  inventory_id: body.inventory_id ?? null,
  environment_id: body.environment_id ?? null,
  arguments: body.arguments ?? null,
  allow_override_args_in_task: body.allow_override_args_in_task,
  description: body.description ?? null,
  type: body.type,
  start_version: body.start_version ?? null,
  build_template_id: body.build_template_id ?? null,
  view_id: body.view_id ?? null,
  autorun: body.autorun,
  git_branch: body.git_branch ?? null,
  survey_vars: body.survey_vars ? JSON.stringify(body.survey_vars) : null,
  suppress_success_alerts: body.suppress_success_alerts,
  allow_override_branch_in_task: body.allow_override_branch_in_task,
  allow_parallel_tasks: body.allow_parallel_tasks,
  runner_tag: body.runner_tag ?? null,
  task_params: body.task_params ? JSON.stringify(body.task_params) : null,
});

const vaultFields = (body: TemplateBody): VaultFields[] =>
  (body.vaults ?? []).map((v) => ({
    name: v.name ?? null,
    vault_key_id: v.vault_key_id ?? null,
    type: v.type ?? 'password',
    script: v.script ?? null,
  }));

/** `apps`: the configuration's (SEMAPHORE_APPS), for which app ids a template may name. */
export async function createTemplate(
  db: Db,
  apps: ConfiguredApps,
  caller: Caller,
  projectId: number,
  body: TemplateBody,
) {
  await checkTemplate(db, apps, projectId, body);
  // A Terraform-family template without an inventory gets a workspace inventory of its own.
  const workspace =
    TERRAFORM_APPS.has(body.app) && !body.inventory_id
      ? { name: `${body.name} - default`, type: `${body.app === 'terraform' ? 'terraform' : body.app}-workspace` }
      : null;
  const tpl = await insertTemplate(db, projectId, fields(body), vaultFields(body), workspace);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'template',
    object_id: tpl.id,
    description: `Template ID ${tpl.id} created`,
  });
  return getTemplate(db, projectId, tpl.id);
}

export async function updateTemplate(
  db: Db,
  apps: ConfiguredApps,
  caller: Caller,
  projectId: number,
  templateId: number,
  body: TemplateBody,
) {
  await getTemplate(db, projectId, templateId);
  await checkTemplate(db, apps, projectId, body, templateId);
  await updateTemplateRow(db, projectId, templateId, fields(body), body.vaults ? vaultFields(body) : undefined);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'template',
    object_id: templateId,
    description: `Template ID ${templateId} updated`,
  });
}

export async function templateRefs(db: Db, projectId: number, templateId: number) {
  const { templates, schedules, integrations } = await templateReferrers(db, projectId, templateId);
  return {
    templates,
    schedules,
    integrations,
    inventories: [] as Array<{ id: number; name: string }>,
    repositories: [] as Array<{ id: number; name: string }>,
  };
}

export async function deleteTemplate(db: Db, caller: Caller, projectId: number, templateId: number) {
  const tpl = await getTemplate(db, projectId, templateId);
  const refs = await templateRefs(db, projectId, templateId);
  if (refs.templates.length + refs.integrations.length > 0)
    throw new InUseError(`template ${tpl.name} is in use by one or more templates or integrations`);
  const active = await countUnfinishedTasksOfTemplate(db, templateId);
  if (active > 0) throw new BadRequestError(`template ${tpl.name} has ${active} unfinished tasks; stop them first`);
  await deleteTemplateWithHistory(db, templateId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'template',
    object_id: templateId,
    description: `Template ${tpl.name} deleted`,
  });
}
