// A project's resources: access keys, repositories, inventories, environments, templates, views
// and schedules. Members may read them; changing them needs manage_project_resources.
import { z } from 'zod';
import { Permission } from '../../../services/permissions.ts';
import { keyBody } from '../../../contracts/keys.ts';
import { repositoryBody } from '../../../contracts/repositories.ts';
import { inventoryBody } from '../../../contracts/inventories.ts';
import { environmentBody } from '../../../contracts/environments.ts';
import { templateBody } from '../../../contracts/templates.ts';
import { viewBody, viewPositionsBody } from '../../../contracts/views.ts';
import { cronFormatBody, scheduleActiveBody, scheduleBody } from '../../../contracts/schedules.ts';
import { lastQuery } from '../../routes/template-history.ts';
import { named, type ApiOperation } from '../operation.ts';
import { resourceOperations } from '../resource-operations.ts';
import * as r from '../responses.ts';

const project = '/api/project/{project_id}';
const access = { project: { write: Permission.manageProjectResources } };

const keys = resourceOperations({
  base: `${project}/keys`,
  param: 'key_id',
  tag: 'Access keys',
  noun: 'access key',
  nouns: 'access keys',
  stem: 'Key',
  stems: 'Keys',
  body: named('AccessKeyInput', keyBody),
  response: r.accessKey,
  access,
  createdStatus: 204,
});

const repositories = resourceOperations({
  base: `${project}/repositories`,
  param: 'repository_id',
  tag: 'Repositories',
  noun: 'repository',
  nouns: 'repositories',
  stem: 'Repository',
  stems: 'Repositories',
  body: named('RepositoryInput', repositoryBody),
  response: r.repository,
  access,
  createdStatus: 204,
});

const inventories = resourceOperations({
  base: `${project}/inventory`,
  param: 'inventory_id',
  tag: 'Inventories',
  noun: 'inventory',
  nouns: 'inventories',
  stem: 'Inventory',
  stems: 'Inventories',
  body: named('InventoryInput', inventoryBody),
  response: r.inventory,
  access,
});

const environments = resourceOperations({
  base: `${project}/environment`,
  param: 'environment_id',
  tag: 'Environments',
  noun: 'environment',
  nouns: 'environments',
  stem: 'Environment',
  stems: 'Environments',
  body: named('EnvironmentInput', environmentBody),
  response: r.environment,
  access,
  createdStatus: 204,
});

const templates = resourceOperations({
  base: `${project}/templates`,
  param: 'template_id',
  tag: 'Templates',
  noun: 'template',
  nouns: 'templates',
  stem: 'Template',
  stems: 'Templates',
  body: named('TemplateInput', templateBody),
  response: r.template,
  access,
});

const templateHistory: ApiOperation[] = [
  {
    method: 'get',
    path: `${project}/templates/{template_id}/tasks`,
    id: 'listTemplateTasks',
    tag: 'Templates',
    access,
    summary: "A template's tasks",
    response: { status: 200, description: 'Up to 1000 tasks, newest first.', body: z.array(r.taskWithTemplate.schema) },
  },
  {
    method: 'get',
    path: `${project}/templates/{template_id}/tasks/last`,
    id: 'listLastTemplateTasks',
    tag: 'Templates',
    access,
    summary: "A template's latest tasks",
    query: lastQuery,
    response: {
      status: 200,
      description: 'At most `limit` tasks (200 at most and by default), newest first.',
      body: z.array(r.taskWithTemplate.schema),
    },
  },
  {
    method: 'get',
    path: `${project}/templates/{template_id}/schedules`,
    id: 'listTemplateSchedules',
    tag: 'Templates',
    access,
    summary: "A template's commit checks",
    response: {
      status: 200,
      description:
        "The schedules of this template that run it on a new commit (`repository_id` set), as upstream lists them; its timed schedules are in the project's list.",
      body: z.array(r.schedule.schema),
    },
  },
];

const views = resourceOperations({
  base: `${project}/views`,
  param: 'view_id',
  tag: 'Views',
  noun: 'view',
  nouns: 'views',
  stem: 'View',
  stems: 'Views',
  body: named('ViewInput', viewBody),
  response: r.view,
  access,
});

const viewExtras: ApiOperation[] = [
  {
    method: 'post',
    path: `${project}/views/positions`,
    id: 'setViewPositions',
    tag: 'Views',
    access,
    summary: 'Reorder views',
    description: 'An object of view id to position, e.g. `{"3": 0, "5": 1}`; every view must belong to the project.',
    body: { schema: named('ViewPositions', viewPositionsBody), required: true },
    response: { status: 204, description: 'The views were moved.' },
  },
  {
    method: 'get',
    path: `${project}/views/{view_id}/templates`,
    id: 'listViewTemplates',
    tag: 'Views',
    access,
    summary: 'The templates in a view',
    response: { status: 200, description: 'The templates.', body: z.array(r.template.schema) },
  },
];

const schedules = resourceOperations({
  base: `${project}/schedules`,
  param: 'schedule_id',
  tag: 'Schedules',
  noun: 'schedule',
  nouns: 'schedules',
  stem: 'Schedule',
  stems: 'Schedules',
  body: named('ScheduleInput', scheduleBody),
  response: r.schedule,
  access,
});

const scheduleExtras: ApiOperation[] = [
  {
    method: 'post',
    path: `${project}/schedules/validate`,
    id: 'validateCronFormat',
    tag: 'Schedules',
    access,
    summary: 'Check a cron expression',
    body: { schema: named('CronFormat', cronFormatBody), required: true },
    response: { status: 200, description: 'The expression is valid (no body).' },
  },
  {
    method: 'put',
    path: `${project}/schedules/{schedule_id}/active`,
    id: 'setScheduleActive',
    tag: 'Schedules',
    access,
    summary: 'Turn a schedule on or off',
    body: { schema: named('ScheduleActive', scheduleActiveBody), required: true },
    response: { status: 204, description: 'The schedule was switched.' },
  },
];

export const resourceOperationList: ApiOperation[] = [
  ...keys,
  ...repositories,
  ...inventories,
  ...environments,
  ...templates,
  ...templateHistory,
  ...views,
  ...viewExtras,
  ...schedules,
  ...scheduleExtras,
];
