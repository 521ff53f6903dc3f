// The fixed parts of the OpenAPI document: its title and introduction, how callers authenticate,
// and the tags (sections of the reference page) in the order the page shows them.

export const DOCUMENT_INFO = {
  title: 'Signalman API',
  summary: 'Team automation server: Ansible, Terraform and scripts from git, run as durable workflows.',
  description: [
    "Signalman speaks Semaphore UI's REST API: the same paths, field names and status codes, so its clients and web UI work unchanged.",
    'Authenticate with an API token (`Authorization: Bearer <token>`, created with `POST /api/user/tokens`) or with the `semaphore` session cookie that `POST /api/auth/login` sets.',
    'Errors answer `{"error": "..."}` with a message that names the field or object at fault.',
    "This document is generated from the server's own request schemas; `npm run openapi` writes it to `docs/openapi.json`.",
  ].join('\n\n'),
  license: { name: 'MIT', identifier: 'MIT' },
};

export const SECURITY_SCHEMES = {
  bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token from `POST /api/user/tokens`.' },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'semaphore',
    description: 'The session cookie set by `POST /api/auth/login`.',
  },
  runnerToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Runner-Token',
    description: "A runner's token, shown once when the runner is registered.",
  },
};

export const TAGS = [
  { name: 'Authentication', description: 'Logging in and out.' },
  { name: 'Current user', description: 'The signed-in user and their API tokens.' },
  { name: 'Users', description: 'User accounts.' },
  { name: 'Projects', description: 'Projects, their settings, backup and restore.' },
  { name: 'Project team', description: 'Who is in a project, in which role.' },
  { name: 'Access keys', description: 'SSH keys, logins and secrets that tasks use. Secrets are write-only.' },
  { name: 'Repositories', description: 'Git repositories that templates run from.' },
  { name: 'Inventories', description: 'Ansible inventories and Terraform workspaces.' },
  { name: 'Environments', description: 'Extra variables, environment variables and secrets for tasks.' },
  { name: 'Templates', description: 'What to run: an app, a repository, a playbook or script, and its settings.' },
  { name: 'Tasks', description: 'Runs of templates, their status and output.' },
  { name: 'Schedules', description: 'Templates run by cron expression or at a set time.' },
  { name: 'Views', description: "Tabs that group a project's templates." },
  { name: 'Integrations', description: 'Incoming webhooks that run a template.' },
  { name: 'Events', description: 'The activity log.' },
  { name: 'Runners', description: 'Runners that take tasks from this server.' },
  {
    name: 'Runner jobs',
    description: "What a remote runner (`signalman runner`) calls: its own record, a task's job, output and status.",
  },
  { name: 'Project runners', description: "Runners that take only one project's tasks (Semaphore Pro's, free here)." },
  {
    name: 'Runner protocol',
    description:
      "Semaphore's runner protocol: what `semaphore runner` and `signalman runner --protocol http` call to register, poll and report.",
  },
  { name: 'Apps', description: 'The kinds of template the server can run.' },
  { name: 'Administration', description: 'Server options and the pool of active tasks.' },
  { name: 'System', description: 'Health, version and live updates.' },
  { name: 'Reference', description: 'This document and the page that shows it.' },
];
