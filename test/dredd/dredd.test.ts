// Semaphore's API contract checked the way Semaphore's CI checks it: dredd 14 over Semaphore's own
// api-docs.yml against a running Signalman, with hooks (hooks.cjs) that make the objects each
// transaction needs and put their ids into its path and body, as upstream's Go hooks do. dredd
// itself compares each answer with the description: status, headers (Content-Type exactly
// `application/json`) and body schema. dredd is installed into .tools/dredd by
// scripts/install-dredd.mjs (once; not one of the project's dependencies).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startInProcess, type InProcessStack } from '../support/in-process.ts';
import { SPEC_PATH } from '../contract/spec.ts';

const root = resolve(import.meta.dirname, '../..');

// The same transactions upstream's hooks skip (hooks.cjs says why for each), as dredd reports them.
// Besides these dredd itself skips every transaction of a documented error answer (4xx, and the
// OIDC redirects' 302), as it does in Semaphore's CI: it runs only the success answers by default.
const SKIPPED_UPSTREAM = [
  'GET (200) /api/ping',
  'GET (200) /api/ws',
  'POST (204) /api/auth/login',
  'POST (204) /api/auth/logout',
];

const specMissing = existsSync(SPEC_PATH)
  ? false
  : `Semaphore's API description is not at ${SPEC_PATH} (set SIGNALMAN_API_SPEC)`;

interface DreddRun {
  code: number | null;
  output: string;
}

function runDredd(dredd: string, base: string, token: string): Promise<DreddRun> {
  return new Promise((done, fail) => {
    const child = spawn(
      dredd,
      [
        SPEC_PATH,
        base,
        `--hookfiles=${resolve(import.meta.dirname, 'hooks.cjs')}`,
        '--language=nodejs',
        `--header=Authorization: bearer ${token}`,
        '--color=false',
      ],
      {
        cwd: import.meta.dirname,
        // Not the test runner's NODE_OPTIONS (tsx): dredd is plain CommonJS of its own.
        env: { ...process.env, NODE_OPTIONS: '', DREDD_SIGNALMAN_URL: base, DREDD_SIGNALMAN_TOKEN: token },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    // SIGNALMAN_DREDD_LOG=<file> keeps dredd's whole report (every request and answer it compared).
    const log = process.env.SIGNALMAN_DREDD_LOG;
    if (log) writeFileSync(log, '');
    const keep = (d: Buffer) => {
      output += d;
      if (log) appendFileSync(log, d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

if (specMissing) test('dredd over Semaphore API description', { skip: specMissing }, () => {});

describe('dredd over Semaphore API description', { skip: specMissing }, () => {
  let stack: InProcessStack;
  let dredd: string;
  let run: DreddRun;

  before(
    async () => {
      dredd = execFileSync(process.execPath, [resolve(root, 'scripts/install-dredd.mjs')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      })
        .trim()
        .split('\n')
        .at(-1) as string; // the script prints the path last, whatever npm printed before it
      stack = await startInProcess('sqlite');
      const token = (await stack.admin.post('/api/user/tokens')).body.id as string;
      run = await runDredd(dredd, stack.base, token);
    },
    { timeout: 300_000 },
  );
  after(async () => stack?.close());

  test('every transaction dredd runs passes, and only upstream skips are skipped', () => {
    const failures = run.output
      .split('\n')
      .filter((l) => /^(fail|error):/.test(l.trim()))
      .join('\n');
    const summary = /complete: (\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total/.exec(run.output);
    assert.ok(summary, `dredd printed no summary:\n${run.output.slice(-4000)}`);
    const [, passing, failing, errors, skipped, total] = summary.map(Number);
    assert.equal(
      failing + errors,
      0,
      `dredd: ${failing} failing, ${errors} errors\n${failures}\n${run.output.slice(-6000)}`,
    );
    const skips = [...run.output.matchAll(/^skip: (\w+ \((\d+)\) \S+)/gm)];
    assert.equal(skips.length, skipped);
    const ownSkips = skips.filter(([, , status]) => /^[2]/.test(status)).map(([, name]) => name);
    assert.deepEqual(ownSkips.sort(), [...SKIPPED_UPSTREAM].sort(), 'only the transactions upstream skips are skipped');
    assert.equal(passing, total - skipped);
    assert.ok(passing >= 70, `only ${passing} transactions ran`);
    assert.equal(run.code, 0, run.output.slice(-2000));
  });
});
