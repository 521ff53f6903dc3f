#!/usr/bin/env node
// Installs dredd 14 (Semaphore's API contract tool) into .tools/dredd for test/dredd, from the
// pinned package.json and package-lock.json in test/dredd/tool/. Not one of the project's own
// dependencies: dredd brings ~230 old packages (about 60 MB, 20-30 s to install) that neither
// `npm start` nor a fresh clone's `npm ci` should pay for. Idempotent: a stamp holds the hash of
// the lock file, so a second run costs nothing. Prints the path of the dredd command.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}test/dredd/tool`;
const target = `${root}.tools/dredd`;
const bin = `${target}/node_modules/.bin/dredd`;
const stampFile = `${target}/.installed`;

const hash = createHash('sha256')
  .update(readFileSync(`${source}/package.json`))
  .update(readFileSync(`${source}/package-lock.json`))
  .digest('hex');

if (!existsSync(bin) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== hash) {
  console.error('[install-dredd] installing dredd 14 into .tools/dredd (once; about 30 s)');
  mkdirSync(target, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(`${source}/${file}`, `${target}/${file}`);
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: target,
    stdio: ['ignore', 2, 'inherit'], // npm's own output goes to stderr: stdout carries only the path
  });
  if (res.status !== 0) {
    console.error(`[install-dredd] npm ci failed in ${target}`);
    process.exit(1);
  }
  writeFileSync(stampFile, hash);
}
console.log(bin);
