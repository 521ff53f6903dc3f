// What a task asks the dispatcher for: its project, template and the limits that apply to it.
import type { Db } from '../store/db.ts';
import { slotFactsOf } from '../store/tasks.ts';
import type { SlotRequestMessage } from '../workflows/messages.ts';

export async function slotRequestFor(db: Db, taskId: number, globalLimit: number): Promise<SlotRequestMessage> {
  const facts = await slotFactsOf(db, taskId);
  return {
    taskId,
    projectId: facts.projectId,
    templateId: facts.templateId,
    allowParallel: facts.allowParallel,
    projectLimit: facts.projectLimit,
    globalLimit,
  };
}
