// Names shared by the API (which starts workflows) and the worker (which runs them).
export const taskWorkflowId = (taskId: number) => `task-${taskId}`;
