// Settings of remote runners (semaphore-behaviour.md §7, §8): the server's side (self-registration,
// sending every task to runners, liveness) and the runner's own block (`signalman runner`), with
// Semaphore's keys and variables. The server URL a runner talks to is `web_host` (server.ts).
import { z } from 'zod';

const whole = z.number().int().min(0);

export const runnerSettings = {
  runner_registration_token: z.string().default('').meta({
    env: 'SEMAPHORE_RUNNER_REGISTRATION_TOKEN',
    secret: true,
    description:
      'Runners that present this token may register themselves (POST /api/internal/runners); empty: none may.',
  }),
  use_remote_runner: z.boolean().default(false).meta({
    env: 'SEMAPHORE_USE_REMOTE_RUNNER',
    description: "Every task runs on a runner speaking Semaphore's HTTP protocol, never on the server's workers.",
  }),
  runners: z
    .object({
      offline_timeout_sec: whole.min(1).default(120).meta({
        env: 'SEMAPHORE_RUNNERS_OFFLINE_TIMEOUT_SEC',
        description: 'A protocol runner that has not polled for this long is offline and gets no new task.',
      }),
      task_fail_timeout_sec: whole.min(1).default(420).meta({
        env: 'SEMAPHORE_RUNNERS_TASK_FAIL_TIMEOUT_SEC',
        description: 'A task whose protocol runner has not polled for this long ends as error.',
      }),
    })
    .prefault({}),
  runner: z
    .object({
      token: z
        .string()
        .default('')
        .meta({
          env: ['SEMAPHORE_RUNNER_TOKEN', 'SIGNALMAN_RUNNER_TOKEN'],
          secret: true,
          description: "`signalman runner`: the runner's token (else read from `token_file`).",
        }),
      token_file: z.string().default('').meta({
        env: 'SEMAPHORE_RUNNER_TOKEN_FILE',
        description: '`signalman runner`: file holding the token; `runner register` writes it (mode 0600).',
      }),
      registration_token: z.string().default('').meta({
        env: 'SEMAPHORE_RUNNER_REGISTRATION_TOKEN',
        secret: true,
        description: "`signalman runner register`: the server's `runner_registration_token`.",
      }),
      webhook: z.string().default('').meta({
        env: 'SEMAPHORE_RUNNER_WEBHOOK',
        description: '`signalman runner register`: URL the server POSTs `{action: start|finish, …}` to for each task.',
      }),
      max_parallel_tasks: whole.default(1).meta({
        env: 'SEMAPHORE_RUNNER_MAX_PARALLEL_TASKS',
        description: '`signalman runner`: tasks it runs at once (registered with the server; 0: no limit).',
      }),
      one_off: z
        .boolean()
        .default(false)
        .meta({
          env: ['SEMAPHORE_RUNNER_ONE_OFF', 'SIGNALMAN_RUNNER_ONE_OFF'],
          description: '`signalman runner`: exit once the jobs it took have ended.',
        }),
      private_key_file: z.string().default('').meta({
        env: 'SEMAPHORE_RUNNER_PRIVATE_KEY_FILE',
        description:
          '`signalman runner register`: an RSA key pair is kept here and its public key registered, so polls come encrypted.',
      }),
    })
    .prefault({}),
};

export type RunnerSettings = z.infer<z.ZodObject<typeof runnerSettings>>;
