// Reads for alerts: what an alert says about a task, and who receives its e-mail.
import type { Db } from './db.ts';

/** The task with its template, project, author and (for a deploy) its build's version; null when gone. */
export async function taskForAlert(db: Db, taskId: number) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      project_id: true,
      template_id: true,
      status: true,
      message: true,
      version: true,
      build_task_id: true,
      user_id: true,
      project: { select: { alert: true, alert_chat: true } },
    },
  });
  if (!task) return null;
  const [template, author, build] = await Promise.all([
    db.template.findUnique({ where: { id: task.template_id }, select: { name: true, suppress_success_alerts: true } }),
    task.user_id === null ? null : db.user.findUnique({ where: { id: task.user_id }, select: { name: true } }),
    task.build_task_id === null
      ? null
      : db.task.findUnique({ where: { id: task.build_task_id }, select: { version: true } }),
  ]);
  return { task, template, authorName: author?.name ?? null, buildVersion: build?.version ?? null };
}

/** Where a project stands on alerts (its flag and Telegram chat); null when there is no such project. */
export function projectAlertSettings(db: Db, projectId: number) {
  return db.project.findUnique({ where: { id: projectId }, select: { alert: true, alert_chat: true } });
}

/** E-mail addresses of the project's members who have alerts on, in member order. */
export async function alertRecipients(db: Db, projectId: number): Promise<string[]> {
  const rows = await db.projectUser.findMany({
    where: { project_id: projectId, user: { alert: true } },
    select: { user: { select: { email: true } } },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.user.email).filter((e) => e.length > 0);
}
