// Every workflow the worker serves. Workflow modules import activities as types only.
export { taskWorkflow } from './task.ts';
export { dispatcherWorkflow } from './dispatcher.ts';
export { scheduledRunWorkflow } from './schedule.ts';
export { alertWorkflow } from './alert.ts';
