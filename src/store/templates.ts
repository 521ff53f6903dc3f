// Data access for task templates, with their vaults, and the views that group them.
import type { Db } from './db.ts';
import type { TemplateRow } from './rows.ts';

/** Every column a template's owner sets (all but its id and project). */
export type TemplateFields = Omit<TemplateRow, 'id' | 'project_id'>;

export interface VaultFields {
  name: string | null;
  vault_key_id: number | null;
  type: string;
  script: string | null;
}

type Named = { id: number; name: string };
const named = { id: true, name: true } as const;

export function listTemplatesWithVaults(db: Db, projectId: number) {
  return db.template.findMany({
    where: { project_id: projectId },
    orderBy: { name: 'asc' },
    include: { vaults: true },
  });
}

export function findTemplateWithVaults(db: Db, projectId: number, templateId: number) {
  return db.template.findFirst({ where: { id: templateId, project_id: projectId }, include: { vaults: true } });
}

export function findTemplate(db: Db, projectId: number, templateId: number): Promise<TemplateRow | null> {
  return db.template.findFirst({ where: { id: templateId, project_id: projectId } });
}

export async function templateExistsIn(db: Db, projectId: number, templateId: number): Promise<boolean> {
  return !!(await db.template.findFirst({ where: { id: templateId, project_id: projectId }, select: { id: true } }));
}

/** The names of templates `ids`, by id (a name for each that exists). */
export async function templateNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const rows = await db.template.findMany({ where: { id: { in: ids } }, select: named });
  return new Map(rows.map((t) => [t.id, t.name]));
}

/** A template's vaults in the order they were added. */
export function vaultsOfTemplate(db: Db, templateId: number) {
  return db.templateVault.findMany({ where: { template_id: templateId }, orderBy: { id: 'asc' } });
}

/**
 * Inserts a template and its vaults in one transaction; with `workspace`, also the Terraform
 * workspace inventory it holds, which becomes its inventory.
 */
export function insertTemplate(
  db: Db,
  projectId: number,
  fields: TemplateFields,
  vaults: VaultFields[],
  workspace: { name: string; type: string } | null,
): Promise<TemplateRow> {
  return db.$transaction(async (tx) => {
    const tpl = await tx.template.create({
      data: {
        project_id: projectId,
        ...fields,
        vaults: { create: vaults.map((v) => ({ ...v, project_id: projectId })) },
      },
    });
    if (workspace) {
      const inv = await tx.inventory.create({
        data: { project_id: projectId, ...workspace, inventory: 'default', holder_id: tpl.id },
      });
      await tx.template.update({ where: { id: tpl.id }, data: { inventory_id: inv.id } });
    }
    return tpl;
  });
}

/** Updates a template; `vaults`, when given, replace its vaults (in the same transaction). */
export async function updateTemplateRow(
  db: Db,
  projectId: number,
  templateId: number,
  fields: TemplateFields,
  vaults: VaultFields[] | undefined,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.template.update({ where: { id: templateId }, data: fields });
    if (vaults) {
      await tx.templateVault.deleteMany({ where: { template_id: templateId } });
      await tx.templateVault.createMany({
        data: vaults.map((v) => ({ ...v, project_id: projectId, template_id: templateId })),
      });
    }
  });
}

/** What refers to a template: templates that build with it, its schedules and integrations. */
export async function templateReferrers(db: Db, projectId: number, templateId: number) {
  const [templates, schedules, integrations] = await Promise.all([
    db.template.findMany({ where: { project_id: projectId, build_template_id: templateId }, select: named }),
    db.schedule.findMany({ where: { project_id: projectId, template_id: templateId }, select: named }),
    db.integration.findMany({ where: { project_id: projectId, template_id: templateId }, select: named }),
  ]);
  return { templates, schedules, integrations } satisfies Record<string, Named[]>;
}

/** Deletes a template with its schedules and its task history, all or nothing. */
export async function deleteTemplateWithHistory(db: Db, templateId: number): Promise<void> {
  await db.$transaction([
    db.schedule.deleteMany({ where: { template_id: templateId } }),
    db.task.deleteMany({ where: { template_id: templateId } }),
    db.template.delete({ where: { id: templateId } }),
  ]);
}

export async function viewExistsIn(db: Db, projectId: number, viewId: number): Promise<boolean> {
  return !!(await db.view.findFirst({ where: { id: viewId, project_id: projectId }, select: { id: true } }));
}

/**
 * Who may edit a project's templates is decided from the user's admin flag and project role;
 * both are read here until the users' and projects' stores offer them.
 */
export async function templateEditorStanding(
  db: Db,
  userId: number,
  projectId: number,
): Promise<{ admin: boolean; role: string | null }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { admin: true } });
  if (user?.admin) return { admin: true, role: null };
  const member = await db.projectUser.findUnique({
    where: { project_id_user_id: { project_id: projectId, user_id: userId } },
    select: { role: true },
  });
  return { admin: false, role: member?.role ?? null };
}

/** What the task list shows of each task's template. */
export function templateSummaries(db: Db, ids: number[]) {
  return db.template.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, playbook: true, type: true, app: true },
  });
}

/** The deploy templates that start by themselves after a build of `buildTemplateId` succeeds. */
export function autorunTemplatesOf(db: Db, projectId: number, buildTemplateId: number): Promise<Named[]> {
  return db.template.findMany({
    where: { project_id: projectId, build_template_id: buildTemplateId, autorun: true },
    select: named,
    orderBy: { id: 'asc' },
  });
}

export async function templateName(db: Db, templateId: number): Promise<string | null> {
  return (await db.template.findUnique({ where: { id: templateId }, select: { name: true } }))?.name ?? null;
}

/** A template's runner tag and inventory, for the runner-tag rule. */
export function templateRunnerFacts(db: Db, projectId: number, templateId: number) {
  return db.template.findFirst({
    where: { id: templateId, project_id: projectId },
    select: { runner_tag: true, inventory_id: true },
  });
}

export function templatesOfView(db: Db, projectId: number, viewId: number) {
  return db.template.findMany({
    where: { project_id: projectId, view_id: viewId },
    orderBy: { name: 'asc' },
    include: { vaults: true },
  });
}

export function templateNamesOfView(db: Db, projectId: number, viewId: number): Promise<Named[]> {
  return db.template.findMany({ where: { project_id: projectId, view_id: viewId }, select: named });
}
