// The task history of one template, newest first.
import type { Db } from '../store/db.ts';
import { templateExistsIn } from '../store/templates.ts';
import { NotFoundError } from './errors.ts';
import { listTasks } from './tasks.ts';

export async function listTemplateTasks(db: Db, projectId: number, templateId: number, limit: number) {
  if (!(await templateExistsIn(db, projectId, templateId)))
    throw new NotFoundError(`template ${templateId} not found in project ${projectId}`);
  return listTasks(db, projectId, limit, templateId);
}
