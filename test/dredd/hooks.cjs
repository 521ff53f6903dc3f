// dredd hooks for Semaphore's API description run against Signalman, doing what Semaphore's own
// (Go) hooks do in its CI, through Signalman's API instead of its database:
// - every transaction whose name starts with "user" gets a fresh user, and every "project…" one a
//   fresh project (the test runner and that user its owners), as upstream's BeforeEach does;
// - transactions that need more get the objects upstream's "capabilities" give them (key →
//   repository → inventory/environment → view → template → task/schedule; integration →
//   matcher/extracted value), created just before them;
// - then every transaction's path has the spec's example ids (1 = project, 2 = user, 3 = key,
//   4 = repository, 5 = inventory, 6 = environment, 7 = template, 8 = task, 9 = schedule, 10 = view,
//   11 = integration, 12 = extracted value, 13 = matcher) replaced by the objects' ids, the same
//   reference fields of its body replaced, and a PUT's body given the `id` of its object.
// Run by test/dredd/dredd.test.ts, which passes the server's address and an administrator's API
// token in DREDD_SIGNALMAN_URL and DREDD_SIGNALMAN_TOKEN (dredd itself sends the token too, with --header).
const hooks = require('hooks');

const base = process.env.DREDD_SIGNALMAN_URL;
const token = process.env.DREDD_SIGNALMAN_TOKEN;

/** The transactions upstream's hooks skip, and why (test/dredd/dredd.test.ts lists them too). */
const SKIPPED = {
  '/api/ping > PING test > 200 > text/plain; charset=utf-8':
    "a text answer, which dredd's JSON expectations do not fit (skipped upstream too)",
  '/api/ws > Websocket handler > 200 > application/json':
    'a WebSocket upgrade, which a plain request cannot make (skipped upstream too)',
  'authentication > /api/auth/login > Performs Login > 204 > application/json':
    "logs in with the spec's example account, which does not exist (skipped upstream too)",
  'authentication > /api/auth/logout > Destroys current session > 204 > application/json':
    'ends a cookie session, and the run uses a token (skipped upstream too)',
};

// The objects the transactions refer to; each is replaced when its capability is added again and
// kept for later transactions otherwise, as upstream's hooks keep theirs.
const ids = {};
let serial = 0;
const unique = (prefix) => `${prefix}-${process.pid}-${++serial}`;

async function api(method, path, body) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`fixture ${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Creates a project resource that answers 204 without a body, and finds its id by its unique name. */
async function createListed(kind, body) {
  await api('POST', `/project/${ids.project}/${kind}`, body);
  const found = (await api('GET', `/project/${ids.project}/${kind}`)).find((o) => o.name === body.name);
  if (!found) throw new Error(`fixture ${kind} "${body.name}" was created but is not listed`);
  return found.id;
}

async function waitForEnd(taskId) {
  for (let i = 0; i < 600; i++) {
    const task = await api('GET', `/project/${ids.project}/tasks/${taskId}`);
    if (['success', 'error', 'stopped', 'rejected'].includes(task.status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fixture task ${taskId} did not end within 60 s`);
}

const DEPENDS = {
  user: [],
  project: ['user'],
  key: [],
  repository: ['key'],
  inventory: ['repository'],
  environment: ['repository'],
  view: [],
  template: ['repository', 'inventory', 'environment', 'view'],
  task: ['template'],
  schedule: ['template'],
  integration: ['project', 'template'],
  extractvalue: ['integration'],
  matcher: ['integration'],
};

const CREATE = {
  user: async () => {
    const name = unique('ITU');
    ids.user = (await api('POST', '/users', { name, username: name, email: `${name}@signalman.test` })).id;
  },
  project: async () => {
    ids.project = (await api('POST', '/projects', { name: unique('ITP') })).id;
    await api('POST', `/project/${ids.project}/users`, { user_id: ids.user, role: 'owner' });
  },
  key: async () => {
    ids.key = await createListed('keys', {
      name: unique('ITK'),
      type: 'ssh',
      project_id: ids.project,
      ssh: { private_key: '5up3r53cr3t\n' },
    });
  },
  repository: async () => {
    ids.repository = await createListed('repositories', {
      name: unique('ITR'),
      project_id: ids.project,
      git_url: 'git@github.com/ansible,semaphore/semaphore',
      git_branch: 'develop',
      ssh_key_id: ids.key,
    });
  },
  inventory: async () => {
    const body = {
      name: unique('ITI'),
      project_id: ids.project,
      type: 'static',
      ssh_key_id: ids.key,
      become_key_id: ids.key,
      inventory: 'Test Inventory',
    };
    ids.inventory = (await api('POST', `/project/${ids.project}/inventory`, body)).id;
  },
  environment: async () => {
    ids.environment = await createListed('environment', {
      name: unique('ITE'),
      project_id: ids.project,
      json: '{}',
      env: '{}',
      password: 'test-pass',
    });
  },
  view: async () => {
    ids.view = (
      await api('POST', `/project/${ids.project}/views`, { project_id: ids.project, title: 'Test', position: 1 })
    ).id;
  },
  template: async () => {
    const body = {
      project_id: ids.project,
      inventory_id: ids.inventory,
      repository_id: ids.repository,
      environment_id: ids.environment,
      view_id: ids.view,
      name: unique('Test'),
      playbook: 'test-playbook.yml',
      arguments: '[]',
      description: 'Hello, World!',
      app: 'ansible',
      git_branch: 'main',
    };
    ids.template = (await api('POST', `/project/${ids.project}/templates`, body)).id;
  },
  // Upstream inserts a task row that never runs; here a real task is started (its repository
  // cannot be cloned, so it ends at once, in error) and awaited, so it can be read, stopped and deleted.
  task: async () => {
    ids.task = (await api('POST', `/project/${ids.project}/tasks`, { template_id: ids.template })).id;
    await waitForEnd(ids.task);
  },
  schedule: async () => {
    const body = { project_id: ids.project, template_id: ids.template, cron_format: '* * * 1 *', name: unique('ITS') };
    ids.schedule = (await api('POST', `/project/${ids.project}/schedules`, body)).id;
  },
  integration: async () => {
    const body = { project_id: ids.project, name: 'Test Integration', template_id: ids.template };
    ids.integration = (await api('POST', `/project/${ids.project}/integrations`, body)).id;
  },
  extractvalue: async () => {
    const body = {
      name: 'Value',
      integration_id: ids.integration,
      value_source: 'body',
      body_data_type: 'json',
      key: 'key',
      variable: 'var',
    };
    ids.extractvalue = (await api('POST', `/project/${ids.project}/integrations/${ids.integration}/values`, body)).id;
  },
  matcher: async () => {
    const body = {
      name: 'matcher',
      integration_id: ids.integration,
      match_type: 'body',
      method: 'equals',
      body_data_type: 'json',
      key: 'key',
      value: 'value',
    };
    ids.matcher = (await api('POST', `/project/${ids.project}/integrations/${ids.integration}/matchers`, body)).id;
  },
};

/** Creates `wanted` and what it depends on, each once per call, dependencies first. */
async function addCapabilities(wanted, done = new Set()) {
  for (const name of wanted) {
    if (done.has(name)) continue;
    await addCapabilities(DEPENDS[name], done);
    if (done.has(name)) continue;
    await CREATE[name]();
    done.add(name);
  }
}

/** Runs an async step as a dredd hook; a failure fails the transaction with its message. */
const step = (fn) => (transaction, done) => {
  fn(transaction).then(
    () => done(),
    (err) => {
      transaction.fail = `hook failed: ${err.message}`;
      done();
    },
  );
};

const capability = (...names) => step(() => addCapabilities(names));

for (const name of Object.keys(SKIPPED)) {
  hooks.before(name, (transaction) => {
    transaction.skip = true;
  });
}

hooks.beforeEach(
  step(async (transaction) => {
    if (transaction.skip) return;
    if (transaction.name.startsWith('user')) await addCapabilities(['user']);
    else if (transaction.name.startsWith('project')) await addCapabilities(['project']);
  }),
);

const P = 'project > /api/project/{project_id}';
const I = 'integration > /api/project/{project_id}/integrations/{integration_id}';
const S = 'schedule > /api/project/{project_id}/schedules';

const NEEDS = {
  [`${P}/integrations > get all integrations > 200 > application/json`]: ['integration'],
  [`${P}/integrations > create a new integration > 201 > application/json`]: ['template'],
  [`${P}/integrations/{integration_id} > Update Integration > 204 > application/json`]: ['integration'],
  [`${P}/integrations/{integration_id} > Remove integration > 204 > application/json`]: ['integration'],
  [`${I}/values > Get Integration Extracted Values linked to integration extractor > 200 > application/json`]: [
    'extractvalue',
  ],
  [`${I}/values > Add Integration Extracted Value > 201 > application/json`]: ['integration'],
  [`${I}/values/{extractvalue_id} > Updates Integration ExtractValue > 204 > application/json`]: ['extractvalue'],
  [`${I}/values/{extractvalue_id} > Removes integration extract value > 204 > application/json`]: ['extractvalue'],
  [`${I}/matchers > Get Integration Matcher linked to integration extractor > 200 > application/json`]: ['integration'],
  [`${I}/matchers > Add Integration Matcher > 200 > application/json`]: ['integration'],
  [`${I}/matchers/{matcher_id} > Updates Integration Matcher > 204 > application/json`]: ['matcher'],
  [`${I}/matchers/{matcher_id} > Removes integration matcher > 204 > application/json`]: ['matcher'],
  [`${P}/keys/{key_id} > Updates access key > 204 > application/json`]: ['key'],
  [`${P}/keys/{key_id} > Removes access key > 204 > application/json`]: ['key'],
  [`${P}/repositories > Add repository > 204 > application/json`]: ['key'],
  [`${P}/repositories/{repository_id} > Updates repository > 204 > application/json`]: ['repository'],
  [`${P}/repositories/{repository_id} > Removes repository > 204 > application/json`]: ['repository'],
  [`${P}/inventory > create inventory > 201 > application/json`]: ['inventory'],
  [`${P}/inventory/{inventory_id} > Updates inventory > 204 > application/json`]: ['inventory'],
  [`${P}/inventory/{inventory_id} > Removes inventory > 204 > application/json`]: ['inventory'],
  [`${P}/environment/{environment_id} > Update environment > 204 > application/json`]: ['environment'],
  [`${P}/environment/{environment_id} > Removes environment > 204 > application/json`]: ['environment'],
  [`${P}/templates > create template > 201 > application/json`]: ['repository', 'inventory', 'environment', 'view'],
  [`${P}/templates/{template_id} > Get template > 200 > application/json`]: ['template'],
  [`${P}/templates/{template_id} > Updates template > 204 > application/json`]: ['template'],
  [`${P}/templates/{template_id} > Removes template > 204 > application/json`]: ['template'],
  [`${P}/tasks > Starts a job > 201 > application/json`]: ['template'],
  [`${P}/tasks/last > Get last 200 Tasks related to current project > 200 > application/json`]: ['template'],
  [`${P}/tasks/{task_id} > Get a single task > 200 > application/json`]: ['task'],
  [`${P}/tasks/{task_id} > Deletes task (including output) > 204 > application/json`]: ['task'],
  [`${P}/tasks/{task_id}/output > Get task output > 200 > application/json`]: ['task'],
  [`${P}/tasks/{task_id}/stop > Stop a job > 204 > application/json`]: ['task'],
  [`${S}/{schedule_id} > Get schedule > 200 > application/json`]: ['schedule'],
  [`${S}/{schedule_id} > Updates schedule > 204 > application/json`]: ['schedule'],
  [`${S}/{schedule_id} > Deletes schedule > 204 > application/json`]: ['schedule'],
  [`${P}/views/{view_id} > Get view > 200 > application/json`]: ['view'],
  [`${P}/views/{view_id} > Updates view > 204 > application/json`]: ['view'],
  [`${P}/views/{view_id} > Removes view > 204 > application/json`]: ['view'],
  [`${P}/backup > Backup A Project > 200 > application/json`]: [
    'repository',
    'inventory',
    'environment',
    'view',
    'template',
  ],
};
for (const [name, needs] of Object.entries(NEEDS)) hooks.before(name, capability(...needs));

// Upstream adds its expired token to the database by hand; here the administrator makes one to expire.
hooks.before(
  'user > /api/user/tokens/{api_token_id} > Expires API token > 204 > application/json',
  step(async (transaction) => {
    const created = await api('POST', '/user/tokens');
    transaction.fullPath = transaction.fullPath.replace(/\/tokens\/[^/]+$/, `/tokens/${created.id}`);
    transaction.request.uri = transaction.fullPath;
  }),
);

// Upstream sends {"password": "staub"}; Signalman refuses passwords shorter than 8 characters
// (SIGNALMAN_PASSWORD_MIN_LENGTH), so the same word, twice.
hooks.before('user > /api/users/{user_id}/password > Updates user password > 204 > application/json', (transaction) => {
  transaction.request.body = JSON.stringify({ password: 'staubstaub' });
});

// As upstream: the user is unlinked first, then linked again as the transaction's body says.
hooks.before(
  `${P}/users > Link user to project > 204 > application/json`,
  step(async (transaction) => {
    await api('DELETE', `/project/${ids.project}/users/${ids.user}`);
    transaction.request.body = JSON.stringify({ user_id: ids.user, role: 'owner' });
  }),
);

const PATH_IDS = [
  'project',
  'user',
  'key',
  'repository',
  'inventory',
  'environment',
  'template',
  'task',
  'schedule',
  'view',
  'integration',
  'extractvalue',
  'matcher',
];

const BODY_IDS = {
  project_id: 'project',
  ssh_key_id: 'key',
  become_key_id: 'key',
  environment_id: 'environment',
  inventory_id: 'inventory',
  repository_id: 'repository',
  template_id: 'template',
  task_id: 'task',
  schedule_id: 'schedule',
  view_id: 'view',
  integration_id: 'integration',
  value_id: 'extractvalue',
  matcher_id: 'matcher',
};

function setUpPathAndBody(transaction) {
  const segments = transaction.fullPath.split('/').map((segment) => {
    const n = Number(segment);
    const kind = /^\d+$/.test(segment) ? PATH_IDS[n - 1] : undefined;
    return kind && ids[kind] !== undefined ? String(ids[kind]) : segment;
  });
  transaction.fullPath = segments.join('/');
  transaction.request.uri = transaction.fullPath;

  if (!transaction.request.body) return;
  let body;
  try {
    body = JSON.parse(transaction.request.body);
  } catch {
    return;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  for (const [field, kind] of Object.entries(BODY_IDS)) {
    if (field in body && ids[kind] !== undefined) body[field] = ids[kind];
  }
  if ('json' in body) body.json = '{}';
  // Beyond upstream's hooks, two places where Signalman is stricter than Semaphore:
  // - a template's vault keys must be keys of the project (Semaphore stores any key id, even another
  //   project's): the vaults get the project's key, as ssh_key_id does above;
  // - a project's name must not be empty (Semaphore stores "", which dredd makes of a string
  //   without an example): the project's PUT gets a name.
  if (Array.isArray(body.vaults) && ids.key !== undefined) {
    body.vaults = body.vaults.map((v) => (v && typeof v === 'object' ? { ...v, vault_key_id: ids.key } : v));
  }
  if (transaction.name.startsWith(`${P}/ > Update project >`) && body.name === '') body.name = unique('ITP');
  if (transaction.request.method === 'PUT') {
    const last = /\w+\/(\d+)\/?$/.exec(transaction.fullPath);
    if (!last) throw new Error(`unexpected PUT path ${transaction.fullPath}`);
    body.id = Number(last[1]);
  }
  transaction.request.body = JSON.stringify(body);
}

// Registered last, as upstream's are, so they run after the hooks above have made the objects.
hooks.beforeAll((transactions, done) => {
  for (const transaction of transactions) {
    hooks.before(transaction.name, (t) => {
      if (!t.skip && !t.fail) setUpPathAndBody(t);
    });
  }
  done();
});
