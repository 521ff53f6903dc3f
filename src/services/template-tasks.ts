// The task history of one template, newest first.
import type { Db } from '../store/db.ts';
import { NotFoundError } from './errors.ts';
import { listTasks } from './tasks.ts';

export async function listTemplateTasks(db: Db, projectId: number, templateId: number, limit: number) {
  const tpl = await db.template.findFirst({ where: { id: templateId, project_id: projectId }, select: { id: true } });
  if (!tpl) throw new NotFoundError(`template ${templateId} not found in project ${projectId}`);
  return listTasks(db, projectId, limit, templateId);
}
