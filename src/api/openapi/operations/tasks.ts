// Tasks of a project: run a template, follow its output, stop, confirm or reject a plan.
// Members may read; running and changing tasks needs run_project_tasks.
import { z } from 'zod';
import { Permission } from '../../../services/permissions.ts';
import { stopBody, taskBody } from '../../../contracts/tasks.ts';
import { outputQuery } from '../../routes/tasks.ts';
import { named, type ApiOperation } from '../operation.ts';
import { task, taskOutput, taskStage, taskWithTemplate } from '../responses.ts';

const tasks = '/api/project/{project_id}/tasks';
const one = `${tasks}/{task_id}`;
const access = { project: { write: Permission.runProjectTasks } };
const common = { tag: 'Tasks', access } as const;

export const taskOperations: ApiOperation[] = [
  {
    ...common,
    method: 'get',
    path: tasks,
    id: 'listTasks',
    summary: "List a project's tasks",
    response: {
      status: 200,
      description: "Up to 1000 tasks, newest first, with their template's name and app.",
      body: z.array(taskWithTemplate.schema),
    },
  },
  {
    ...common,
    method: 'get',
    path: `${tasks}/last`,
    id: 'listLastTasks',
    summary: "A project's latest 200 tasks",
    response: { status: 200, description: 'The tasks, newest first.', body: z.array(taskWithTemplate.schema) },
  },
  {
    ...common,
    method: 'post',
    path: tasks,
    id: 'runTask',
    summary: 'Run a template',
    description: "The task is queued (`waiting`) and runs when the project's and the server's limits allow.",
    body: { schema: named('TaskInput', taskBody), required: true },
    response: { status: 201, description: 'The new task.', body: task },
  },
  {
    ...common,
    method: 'get',
    path: one,
    id: 'getTask',
    summary: 'Get a task',
    response: { status: 200, description: 'The task.', body: task },
  },
  {
    ...common,
    method: 'get',
    path: `${one}/output`,
    id: 'getTaskOutput',
    summary: "A task's output lines",
    query: outputQuery,
    response: {
      status: 200,
      description: 'The lines from `offset` on, at most `limit` of them.',
      body: z.array(taskOutput.schema),
    },
  },
  {
    ...common,
    method: 'get',
    path: `${one}/stages`,
    id: 'getTaskStages',
    summary: "A task's stages",
    description:
      'The stages of its runs as each ended: `repository_clone`, `terraform_plan`, `terraform_apply`, `running`, ' +
      'each with its times and the `id`s of its first and last output lines.',
    response: { status: 200, description: 'The stages in the order they began.', body: z.array(taskStage.schema) },
  },
  {
    ...common,
    method: 'post',
    path: `${one}/stop`,
    id: 'stopTask',
    summary: 'Stop a task',
    description: '`force` stops it at once, without waiting for the running step to end.',
    body: { schema: named('StopTask', stopBody), required: false },
    response: { status: 204, description: 'The task is stopping.' },
  },
  {
    ...common,
    method: 'post',
    path: `${one}/confirm`,
    id: 'confirmTask',
    summary: "Apply a task's plan",
    description: 'For a Terraform/OpenTofu task that is `waiting_confirmation`.',
    response: { status: 204, description: 'The plan will be applied.' },
  },
  {
    ...common,
    method: 'post',
    path: `${one}/reject`,
    id: 'rejectTask',
    summary: "Reject a task's plan",
    description: 'For a Terraform/OpenTofu task that is `waiting_confirmation`.',
    response: { status: 204, description: 'The plan is dropped and the task ends.' },
  },
  {
    ...common,
    method: 'delete',
    path: one,
    id: 'deleteTask',
    summary: 'Delete a task and its output',
    access: { project: { write: Permission.runProjectTasks, adminOnly: true } },
    description: 'Only a finished task can be deleted.',
    response: { status: 204, description: 'The task was deleted.' },
  },
];
