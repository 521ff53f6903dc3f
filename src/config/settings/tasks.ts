// Settings of how tasks run: limits, their environment, working copies, apps, schedules.
import { z } from 'zod';
import { appsSetting } from '../configured-apps.ts';
import { parseDuration } from '../duration.ts';
import { forwardRefusal, VARIABLE_NAME } from '../task-environment.ts';

const whole = z.number().int().min(0);

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const taskSettings = {
  max_parallel_tasks: whole.default(0).meta({
    env: ['SIGNALMAN_MAX_PARALLEL_TASKS', 'SEMAPHORE_MAX_PARALLEL_TASKS'],
    description: 'Tasks running at once on the whole server; 0: no limit (Semaphore: 10).',
  }),
  max_tasks_per_template: whole.default(0).meta({
    env: ['SIGNALMAN_MAX_TASKS_PER_TEMPLATE', 'SEMAPHORE_MAX_TASKS_PER_TEMPLATE'],
    description: 'Finished tasks kept per template (older ones and their logs are deleted); 0 keeps all.',
  }),
  max_task_duration_sec: whole.default(0).meta({
    env: ['SIGNALMAN_MAX_TASK_DURATION_SEC', 'SEMAPHORE_MAX_TASK_DURATION_SEC'],
    description: 'A task running longer is stopped and ends as error ("Task timed out"); 0: no limit.',
  }),
  tmp_path: z
    .string()
    .optional()
    .meta({
      env: ['SIGNALMAN_TMP_PATH', 'SEMAPHORE_TMP_PATH'],
      description: "Where tasks' working copies live; default `<system tmp>/signalman-<hash of the data folder>`.",
    }),
  ssh_config_path: z
    .string()
    .refine((p) => p === '' || p.startsWith('/'), 'must be an absolute path')
    .refine((p) => !/['"\\\n\r\0]/.test(p), 'must not contain quotes, backslashes or line breaks')
    .default('')
    .meta({
      env: ['SIGNALMAN_SSH_PATH', 'SEMAPHORE_SSH_PATH'],
      description: "An ssh config file that git's and ansible's ssh read (`ssh -F`).",
    }),
  git_timeout: z
    .union([z.string(), z.number()])
    .default('10m')
    .refine((v) => parseDuration(String(v)) !== null, 'must be seconds or a duration such as 90s, 10m or 1h')
    .meta({ env: 'SIGNALMAN_GIT_TIMEOUT', description: 'How long one git command of a task or schedule may run.' }),
  task_user: z.string().default('').meta({
    env: 'SIGNALMAN_TASK_USER',
    description: 'Who tasks run as when the server runs as root (a name or uid); empty: `signalman-task`.',
  }),
  env_vars: z
    .record(z.string().regex(VARIABLE_NAME, 'is not a variable name'), z.string())
    .default({})
    .meta({
      env: ['SIGNALMAN_ENV_VARS', 'SEMAPHORE_ENV_VARS'],
      secret: true,
      description: 'Variables put into every task (JSON map of names to values).',
    }),
  forwarded_env_vars: z
    .array(
      z.string().superRefine((name, ctx) => {
        const refusal = forwardRefusal(name);
        if (refusal) ctx.addIssue({ code: 'custom', message: `"${name}" ${refusal}` });
      }),
    )
    .default([])
    .meta({
      env: ['SIGNALMAN_FORWARDED_ENV_VARS', 'SEMAPHORE_FORWARDED_ENV_VARS'],
      description: "Names of the server's own environment variables copied into every task (JSON array).",
    }),
  apps: appsSetting.default({}).meta({
    env: ['SIGNALMAN_APPS', 'SEMAPHORE_APPS'],
    description:
      'Apps (JSON map of id to `{active, priority, title, icon, color, dark_color, path, args}`); /api/apps wins.',
  }),
  schedule: z
    .object({
      timezone: z
        .string()
        .refine(isTimeZone, 'must be an IANA time zone name, e.g. UTC or Europe/Berlin')
        .default('UTC')
        .meta({
          env: ['SIGNALMAN_SCHEDULE_TIMEZONE', 'SEMAPHORE_SCHEDULE_TIMEZONE'],
          description: "Time zone in which schedules' cron expressions are read.",
        }),
    })
    .prefault({}),
  global_integration_alias: z
    .string()
    .default('')
    .meta({
      env: ['SIGNALMAN_INTEGRATION_ALIAS', 'SEMAPHORE_INTEGRATION_ALIAS'],
      secret: true,
      description: 'A webhook alias that reaches every searchable integration of every project; empty: none.',
    }),
  non_admin_can_create_project: z
    .boolean()
    .default(false)
    .meta({
      env: ['SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT', 'SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT'],
      description: 'Users who are not admins may create projects (and restore backups), becoming their owner.',
    }),
};
