// Settings of the server process: where it listens, TLS, its data folder, Temporal, sign-in
// sessions. Keys as in Semaphore's config.json where Semaphore has them (semaphore-behaviour.md §8).
import { z } from 'zod';

const whole = z.number().int().min(0);

/** `:3000` (Semaphore's form) or `3000`, as text or a number. */
export const portSetting = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim();
  const m = /^:?(\d{1,5})$/.exec(text);
  const port = m ? Number(m[1]) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    ctx.addIssue({ code: 'custom', message: 'must be a port number such as 3000 or ":3000"' });
    return z.NEVER;
  }
  return port;
});

export const serverSettings = {
  port: portSetting.default(3000).meta({
    env: ['SIGNALMAN_PORT', 'SEMAPHORE_PORT'],
    description: 'Port the API and web UI listen on: `3000` or Semaphore\'s `":3000"`; 0 picks a free one.',
  }),
  interface: z
    .string()
    .default('')
    .meta({
      env: ['SIGNALMAN_HOST', 'SEMAPHORE_INTERFACE'],
      description: 'Address to listen on; empty listens on every interface (0.0.0.0).',
    }),
  web_host: z
    .string()
    .default('')
    .meta({
      env: ['SIGNALMAN_WEB_HOST', 'SEMAPHORE_WEB_ROOT'],
      description:
        'Public URL of the server (links in alerts, OIDC redirect URLs); `https://…` makes the session cookie Secure.',
    }),
  tls: z
    .object({
      enabled: z.boolean().default(false).meta({ env: 'SEMAPHORE_TLS_ENABLED', description: 'Serve HTTPS.' }),
      cert_file: z.string().default('').meta({
        env: 'SEMAPHORE_TLS_CERT_FILE',
        description: 'PEM certificate (with its chain) for HTTPS.',
      }),
      key_file: z
        .string()
        .default('')
        .meta({ env: 'SEMAPHORE_TLS_KEY_FILE', description: 'PEM private key for HTTPS.' }),
      http_redirect_port: whole.max(65535).default(0).meta({
        env: 'SEMAPHORE_TLS_HTTP_REDIRECT_PORT',
        description: 'With TLS: a plain-HTTP port that redirects every request to HTTPS; 0: none.',
      }),
    })
    .prefault({}),
  data_dir: z.string().min(1).optional().meta({
    env: 'SIGNALMAN_DATA_DIR',
    description:
      'Data folder: SQLite database, encryption key, Temporal dev server state. Default: `data/` in the project.',
  }),
  tools_dir: z.string().min(1).optional().meta({
    env: 'SIGNALMAN_TOOLS_DIR',
    description:
      'Where setup installed the Temporal CLI, ansible and the compiled build. Default: `.tools/` in the project.',
  }),
  admin_password: z.string().optional().meta({
    env: 'SIGNALMAN_ADMIN_PASSWORD',
    secret: true,
    description: 'Password of the first admin, created on first start; unset, one is generated and printed once.',
  }),
  access_key_encryption: z
    .string()
    .optional()
    .meta({
      env: ['SIGNALMAN_ACCESS_KEY_ENCRYPTION', 'SEMAPHORE_ACCESS_KEY_ENCRYPTION'],
      secret: true,
      description: "Base64 AES-256 key for secrets at rest (Semaphore's); unset, one is generated in the data folder.",
    }),
  temporal: z
    .object({
      address: z.string().optional().meta({
        env: 'TEMPORAL_ADDRESS',
        description: 'host:port of a Temporal frontend (`server`, `worker`, `runner`); `start` runs its own.',
      }),
      namespace: z
        .string()
        .min(1)
        .default('default')
        .meta({ env: 'TEMPORAL_NAMESPACE', description: 'Temporal namespace.' }),
      port: whole.max(65535).default(7233).meta({
        env: 'SIGNALMAN_TEMPORAL_PORT',
        description: 'Port of the embedded Temporal dev server (`start`).',
      }),
      ui_port: whole.max(65535).default(8233).meta({
        env: 'SIGNALMAN_TEMPORAL_UI_PORT',
        description: 'Port of the embedded Temporal Web UI (`start`).',
      }),
      ui_url: z
        .string()
        .default('')
        .refine((u) => u === '' || (/^https?:\/\/[^\s]+$/i.test(u) && URL.canParse(u)), 'must be an http(s) URL')
        .meta({
          env: 'SIGNALMAN_TEMPORAL_UI_URL',
          description:
            "Address of the Temporal Web UI as administrators' browsers reach it (the task view links to the task's workflow there); empty: under `start`, its own UI at `http://127.0.0.1:<ui_port>`, else no link.",
        }),
      task_queue: z.string().min(1).default('signalman').meta({
        env: 'SIGNALMAN_TASK_QUEUE',
        description: 'Temporal task queue of the workers.',
      }),
    })
    .prefault({}),
  cookie_httponly: z.boolean().default(false).meta({
    env: 'SIGNALMAN_COOKIE_HTTPONLY',
    description: "Make the session cookie HttpOnly (Semaphore's own web UI then cannot tell that it is signed in).",
  }),
  password_min_length: whole.min(1).max(72).default(8).meta({
    env: 'SIGNALMAN_PASSWORD_MIN_LENGTH',
    description: 'Shortest password accepted for local users.',
  }),
  login: z
    .object({
      max_failures_per_user: whole.min(1).default(5).meta({
        env: 'SIGNALMAN_LOGIN_MAX_FAILURES_PER_USER',
        description: 'Failed sign-ins to one account within the window before it is refused for a while.',
      }),
      max_failures_per_address: whole.min(1).default(20).meta({
        env: 'SIGNALMAN_LOGIN_MAX_FAILURES_PER_ADDRESS',
        description: 'Failed sign-ins from one address within the window before it is refused for a while.',
      }),
      failure_window_sec: whole.min(1).default(900).meta({
        env: 'SIGNALMAN_LOGIN_FAILURE_WINDOW',
        description: 'The window, in seconds, over which failed sign-ins are counted.',
      }),
    })
    .prefault({}),
  trust_proxy: z.string().optional().meta({
    env: 'SIGNALMAN_TRUST_PROXY',
    description: "Express's `trust proxy` (e.g. `loopback` or an address): only then are X-Forwarded-* believed.",
  }),
};
