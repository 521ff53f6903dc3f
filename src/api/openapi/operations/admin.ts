// Server-wide administration: options, global runners, apps, and the pool of active tasks.
import { z } from 'zod';
import { activeBody, appBody, optionBody, runnerBody } from '../../../contracts/admin.ts';
import { appId } from '../../routes/apps.ts';
import { named, type ApiOperation } from '../operation.ts';
import { activeTask, app, newRunner, option, options, runner } from '../responses.ts';

const active = named('Active', activeBody);
const runnerInput = named('RunnerInput', runnerBody);
const appInput = named('AppInput', appBody);
const admin = 'admin' as const;

export const adminOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/options', id: 'listOptions', tag: 'Administration', access: admin, summary: 'The server\'s options',
    response: { status: 200, description: 'Every option, key to value.', body: options },
  },
  {
    method: 'post', path: '/api/options', id: 'setOption', tag: 'Administration', access: admin, summary: 'Set an option',
    body: { schema: named('OptionInput', optionBody), required: true },
    response: { status: 200, description: 'The option as stored.', body: option },
  },
  {
    method: 'get', path: '/api/runners', id: 'listRunners', tag: 'Runners', access: admin, summary: 'List global runners',
    response: { status: 200, description: 'The runners, without their tokens.', body: z.array(runner.schema) },
  },
  {
    method: 'post', path: '/api/runners', id: 'createRunner', tag: 'Runners', access: admin, summary: 'Register a global runner',
    body: { schema: runnerInput, required: false },
    response: { status: 201, description: 'The new runner with its token (shown this once).', body: newRunner },
  },
  {
    method: 'get', path: '/api/runners/{runner_id}', id: 'getRunner', tag: 'Runners', access: admin, summary: 'Get a global runner',
    response: { status: 200, description: 'The runner, without its token.', body: runner },
  },
  {
    method: 'put', path: '/api/runners/{runner_id}', id: 'updateRunner', tag: 'Runners', access: admin, summary: 'Update a global runner',
    body: { schema: runnerInput, required: true },
    response: { status: 204, description: 'The runner was updated.' },
  },
  {
    method: 'post', path: '/api/runners/{runner_id}', id: 'updateRunnerByPost', tag: 'Runners', access: admin, summary: 'Update a global runner (POST)',
    description: 'The same as PUT, as Semaphore\'s web UI sends it.',
    body: { schema: runnerInput, required: true },
    response: { status: 204, description: 'The runner was updated.' },
  },
  {
    method: 'delete', path: '/api/runners/{runner_id}', id: 'deleteRunner', tag: 'Runners', access: admin, summary: 'Remove a global runner',
    response: { status: 204, description: 'The runner was removed.' },
  },
  {
    method: 'post', path: '/api/runners/{runner_id}/active', id: 'setRunnerActive', tag: 'Runners', access: admin, summary: 'Turn a runner on or off',
    body: { schema: active, required: true },
    response: { status: 204, description: 'The runner was switched.' },
  },
  {
    method: 'get', path: '/api/apps', id: 'listApps', tag: 'Apps', access: 'user', summary: 'List the apps templates can use',
    response: { status: 200, description: 'Built-in and custom apps with their settings.', body: z.array(app.schema) },
  },
  {
    method: 'get', path: '/api/apps/{app_id}', id: 'getApp', tag: 'Apps', access: admin, summary: 'Get an app',
    params: { app_id: appId },
    response: { status: 200, description: 'The app.', body: app },
  },
  {
    method: 'put', path: '/api/apps/{app_id}', id: 'setApp', tag: 'Apps', access: admin, summary: 'Create or change an app',
    description: 'Fields left out keep their current value.',
    params: { app_id: appId }, body: { schema: appInput, required: true },
    response: { status: 204, description: 'The app was saved.' },
  },
  {
    method: 'post', path: '/api/apps/{app_id}', id: 'setAppByPost', tag: 'Apps', access: admin, summary: 'Create or change an app (POST)',
    description: 'The same as PUT.',
    params: { app_id: appId }, body: { schema: appInput, required: true },
    response: { status: 204, description: 'The app was saved.' },
  },
  {
    method: 'delete', path: '/api/apps/{app_id}', id: 'deleteApp', tag: 'Apps', access: admin, summary: 'Reset or remove an app',
    description: 'A built-in app goes back to its defaults; a custom app is removed.',
    params: { app_id: appId },
    response: { status: 204, description: 'The app was reset or removed.' },
  },
  {
    method: 'post', path: '/api/apps/{app_id}/active', id: 'setAppActive', tag: 'Apps', access: admin, summary: 'Turn an app on or off',
    params: { app_id: appId }, body: { schema: active, required: true },
    response: { status: 204, description: 'The app was switched.' },
  },
  {
    method: 'get', path: '/api/tasks', id: 'listActiveTasks', tag: 'Administration', access: admin, summary: 'Queued and running tasks of every project',
    response: { status: 200, description: 'The tasks that have not finished.', body: z.array(activeTask.schema) },
  },
  {
    method: 'get', path: '/api/tasks/{task_id}', id: 'getActiveTask', tag: 'Administration', access: admin, summary: 'Get a queued or running task',
    response: { status: 200, description: 'The task.', body: activeTask },
  },
  {
    method: 'delete', path: '/api/tasks/{task_id}', id: 'stopActiveTask', tag: 'Administration', access: admin, summary: 'Stop a task at once',
    response: { status: 204, description: 'The task is being stopped (forced).' },
  },
];
