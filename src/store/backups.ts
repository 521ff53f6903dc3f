// Project backups: the rows a backup is made of, read in one go, and a restore's rows, written in
// one transaction so that a restore writes all of them or nothing. The rows are the project's
// keys, repositories, inventories, environments, views, templates, schedules and integrations.
import type { Db } from './db.ts';
import { insertEvent, type NewEvent } from './events.ts';
import type { Tx } from './project-lock.ts';
import type { TemplateRow } from './rows.ts';

/** The fields of a template that a backup carries as they are (references go by name). */
export type BackupTemplateFields = Pick<
  TemplateRow,
  | 'name'
  | 'app'
  | 'playbook'
  | 'arguments'
  | 'allow_override_args_in_task'
  | 'description'
  | 'type'
  | 'start_version'
  | 'autorun'
  | 'git_branch'
  | 'survey_vars'
  | 'suppress_success_alerts'
  | 'task_params'
  | 'runner_tag'
  | 'allow_override_branch_in_task'
  | 'allow_parallel_tasks'
>;

/** A template a restore writes, with the names of the objects it refers to. */
export interface PlannedTemplate {
  row: BackupTemplateFields;
  /** Names of the objects it refers to. */
  repository: string;
  inventory: string | null;
  environment: string | null;
  view: string | null;
  build_template: string | null;
  vaults: Array<{ name: string | null; type: string; script: string | null; vault_key: string | null }>;
  cron: string | null;
}

/** What a restore writes (services/backup/restore-plan.ts makes it): objects referring to each other by name. */
export interface RestorePlan {
  project: { name: string; alert: boolean; alert_chat: string | null; max_parallel_tasks: number; type: string };
  environments: Array<{ name: string; password: string | null; json: string; env: string | null }>;
  views: Array<{ title: string; position: number }>;
  keys: Array<{ name: string; type: string }>;
  repositories: Array<{ name: string; git_url: string; git_branch: string; ssh_key: string }>;
  inventories: Array<{
    name: string;
    inventory: string;
    type: string;
    runner_tag: string | null;
    ssh_key: string | null;
    become_key: string | null;
    repository: string | null;
  }>;
  /** Templates that are not deploy templates first, then deploy templates (which name a build template). */
  templates: PlannedTemplate[];
  integrations: Array<{
    row: {
      name: string;
      auth_method: string;
      auth_header: string | null;
      searchable: boolean;
      task_params: string | null;
    };
    template: string;
    auth_secret: string | null;
    aliases: string[];
    matchers: Array<{
      name: string;
      match_type: string;
      method: string;
      body_data_type: string;
      key: string;
      value: string;
    }>;
    extract_values: Array<{
      name: string;
      value_source: string;
      body_data_type: string;
      key: string;
      variable: string;
    }>;
  }>;
  projectAliases: string[];
}

/** The project (or null) and its rows that a backup holds, each in id order. */
export async function readBackupRows(db: Db, projectId: number) {
  const where = { project_id: projectId };
  const byId = { id: 'asc' } as const;
  const [project, keys, repositories, inventories, environments, views, templates, schedules, integrations, aliases] =
    await Promise.all([
      db.project.findUnique({ where: { id: projectId } }),
      // Environment secrets are access keys too; they never leave, not even by name.
      db.accessKey.findMany({
        where: { ...where, environment_id: null },
        select: { id: true, name: true, type: true },
        orderBy: byId,
      }),
      db.repository.findMany({ where, orderBy: byId }),
      db.inventory.findMany({ where, orderBy: byId }),
      db.environment.findMany({
        where,
        select: { id: true, name: true, password: true, json: true, env: true },
        orderBy: byId,
      }),
      db.view.findMany({ where, orderBy: byId }),
      db.template.findMany({ where, include: { vaults: true }, orderBy: byId }),
      db.schedule.findMany({
        where,
        select: { id: true, template_id: true, cron_format: true, type: true },
        orderBy: byId,
      }),
      db.integration.findMany({ where, include: { matchers: true, extract_values: true }, orderBy: byId }),
      db.integrationAlias.findMany({ where, select: { alias: true, integration_id: true }, orderBy: byId }),
    ]);
  return { project, keys, repositories, inventories, environments, views, templates, schedules, integrations, aliases };
}

type ProjectRow = Awaited<ReturnType<Db['project']['create']>>;

const TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/**
 * Writes a new project from `plan`, owned by `ownerId`, with `event(project)`, in one transaction.
 * Throws a unique violation (errors.ts) when one of the plan's aliases was taken meanwhile.
 */
export async function writeRestoredProject(
  db: Db,
  plan: RestorePlan,
  ownerId: number,
  event: (project: ProjectRow) => NewEvent,
): Promise<ProjectRow> {
  return db.$transaction((tx) => write(tx, plan, ownerId, event), TRANSACTION);
}

async function write(tx: Tx, plan: RestorePlan, ownerId: number, event: (project: ProjectRow) => NewEvent) {
  const project = await tx.project.create({ data: plan.project });
  const project_id = project.id;
  await tx.projectUser.create({ data: { project_id, user_id: ownerId, role: 'owner' } });

  const ids = async <T extends { name: string }>(items: T[], create: (item: T) => Promise<{ id: number }>) => {
    const map = new Map<string, number>();
    for (const item of items) map.set(item.name, (await create(item)).id);
    return map;
  };
  const idOf = (map: Map<string, number>, name: string | null) => (name === null ? null : map.get(name)!);

  const envs = await ids(plan.environments, (e) => tx.environment.create({ data: { project_id, ...e } }));
  const views = await ids(
    plan.views.map((v) => ({ ...v, name: v.title })),
    (v) => tx.view.create({ data: { project_id, title: v.title, position: v.position } }),
  );
  const keys = await ids(plan.keys, (k) =>
    tx.accessKey.create({ data: { project_id, name: k.name, type: k.type, secret: null } }),
  );
  const repos = await ids(plan.repositories, (r) =>
    tx.repository.create({
      data: {
        project_id,
        name: r.name,
        git_url: r.git_url,
        git_branch: r.git_branch,
        ssh_key_id: idOf(keys, r.ssh_key)!,
      },
    }),
  );
  const inventories = await ids(plan.inventories, (i) =>
    tx.inventory.create({
      data: {
        project_id,
        name: i.name,
        inventory: i.inventory,
        type: i.type,
        runner_tag: i.runner_tag,
        ssh_key_id: idOf(keys, i.ssh_key),
        become_key_id: idOf(keys, i.become_key),
        repository_id: idOf(repos, i.repository),
      },
    }),
  );
  const templates = new Map<string, number>();
  const laterBuildLinks: Array<{ id: number; build: string }> = [];
  for (const t of plan.templates) {
    const buildId = t.build_template === null ? null : templates.get(t.build_template);
    const tpl = await tx.template.create({
      data: {
        project_id,
        ...t.row,
        repository_id: idOf(repos, t.repository)!,
        inventory_id: idOf(inventories, t.inventory),
        environment_id: idOf(envs, t.environment),
        view_id: idOf(views, t.view),
        build_template_id: buildId ?? null,
        vaults: {
          create: t.vaults.map((v) => ({
            project_id,
            name: v.name,
            type: v.type,
            script: v.script,
            vault_key_id: idOf(keys, v.vault_key),
          })),
        },
      },
    });
    templates.set(t.row.name, tpl.id);
    // Deploy templates come after the others; any other template naming a later one is linked below.
    if (t.build_template !== null && buildId === undefined)
      laterBuildLinks.push({ id: tpl.id, build: t.build_template });
    if (t.cron)
      await tx.schedule.create({ data: { project_id, template_id: tpl.id, cron_format: t.cron, active: true } });
  }
  for (const link of laterBuildLinks) {
    await tx.template.update({ where: { id: link.id }, data: { build_template_id: templates.get(link.build)! } });
  }
  for (const g of plan.integrations) {
    await tx.integration.create({
      data: {
        project_id,
        ...g.row,
        template_id: idOf(templates, g.template)!,
        auth_secret_id: idOf(keys, g.auth_secret),
        matchers: { create: g.matchers },
        extract_values: { create: g.extract_values },
        aliases: { create: g.aliases.map((alias) => ({ alias, project_id })) },
      },
    });
  }
  for (const alias of plan.projectAliases)
    await tx.integrationAlias.create({ data: { alias, project_id, integration_id: null } });
  await insertEvent(tx, event(project));
  return project;
}
