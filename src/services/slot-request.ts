// What a task asks the dispatcher for: its project, template and the limits that apply to it.
import type { Db } from '../store/db.ts';
import type { SlotRequestMessage } from '../workflows/messages.ts';

export async function slotRequestFor(db: Db, taskId: number, globalLimit: number): Promise<SlotRequestMessage> {
  const task = await db.task.findUniqueOrThrow({
    where: { id: taskId },
    select: { project_id: true, template_id: true },
  });
  const [template, project] = await Promise.all([
    db.template.findUnique({ where: { id: task.template_id }, select: { allow_parallel_tasks: true } }),
    db.project.findUnique({ where: { id: task.project_id }, select: { max_parallel_tasks: true } }),
  ]);
  return {
    taskId,
    projectId: task.project_id,
    templateId: task.template_id,
    allowParallel: template?.allow_parallel_tasks ?? false,
    projectLimit: project?.max_parallel_tasks ?? 0,
    globalLimit,
  };
}
