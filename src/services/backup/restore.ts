// POST /api/projects/restore: a new project from a backup, written in one transaction after
// planRestore() has checked the whole document, so a bad backup writes nothing at all.
import type { Db } from '../../store/db.ts';
import type { BackupBody } from '../../contracts/backup.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { writeEvent } from '../events.ts';
import { newAlias } from '../integration-aliases.ts';
import type { Caller } from '../permissions.ts';
import { mayCreateProjects } from '../projects.ts';
import type { ScheduleEngine } from '../schedule-engine.ts';
import { planRestore, type RestorePlan } from './restore-plan.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/**
 * A new project from `backup`, written in one transaction; its schedules then get their timers.
 * The caller becomes its owner, so restoring needs what creating a project needs (upstream lets
 * any user restore, which made any user an owner).
 */
export async function restoreProject(
  db: Db,
  timers: ScheduleEngine,
  caller: Caller,
  backup: BackupBody,
  nonAdminCanCreate: boolean,
) {
  if (!mayCreateProjects(caller, nonAdminCanCreate))
    throw new ForbiddenError('only administrators may restore projects from a backup');
  const wanted = [...backup.integration_aliases, ...backup.integrations.flatMap((i) => i.aliases ?? [])];
  const taken = wanted.length
    ? await db.integrationAlias.findMany({ where: { alias: { in: wanted } }, select: { alias: true } })
    : [];
  const plan = planRestore(backup, { takenAliases: new Set(taken.map((a) => a.alias)), newAlias });
  let project: Awaited<ReturnType<typeof write>>;
  try {
    project = await db.$transaction((tx) => write(tx, caller, plan), TRANSACTION);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError('an integration alias of the backup was taken meanwhile; try again');
    throw err;
  }
  await timers.syncProject(project.id); // a restored schedule fires like one made by hand
  return project;
}

async function write(tx: Tx, caller: Caller, plan: RestorePlan) {
  const project = await tx.project.create({ data: plan.project });
  const project_id = project.id;
  await tx.projectUser.create({ data: { project_id, user_id: caller.id, role: 'owner' } });

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
  await writeEvent(tx as Db, {
    user_id: caller.id,
    project_id,
    object_type: 'project',
    object_id: project_id,
    description: `Project ${project.name} restored from a backup`,
  });
  return project;
}
