// Builds the web UI (web/) for the API to serve (src/api/web-ui.ts), run by setup:
//   1. web/'s npm packages, when web/package-lock.json changed or web/node_modules is missing
//   2. the API's types, generated from docs/openapi.json into web/src/api/schema.d.ts
//      (openapi-typescript), so the UI can use only what the public API documents
//   3. a type check (tsc) and the Vite build into .tools/build/web, with a stamp holding the hash
//      of web/'s sources, its lock file and the OpenAPI document it was built from
// On a machine where all is current this only hashes web/'s sources (a few milliseconds).
// `node scripts/web-build.mjs` forces a build. The build goes to a temporary folder first, so an
// interrupted build never leaves a half-written UI that looks current.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files of the UI's build for the project at `root`. */
export function webPaths(root) {
  const web = resolve(root, 'web');
  const out = resolve(root, '.tools', 'build', 'web');
  return { web, out, stamp: join(out, 'stamp.json'), schema: join(web, 'src', 'api', 'schema.d.ts') };
}

const GENERATED = /[/\\]schema\.d\.ts$/;

function files(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else if (!GENERATED.test(path)) out.push(path);
  }
  return out;
}

/** One hash over the UI's sources, its package and lock files and the OpenAPI document. */
export function webSourceHash(root) {
  const { web } = webPaths(root);
  const all = [
    ...files(join(web, 'src')),
    ...files(join(web, 'public')),
    ...['package.json', 'package-lock.json', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => join(web, f)),
    resolve(root, 'docs', 'openapi.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of all) {
    hash.update(file.slice(resolve(root).length)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(root) {
  const { out, stamp } = webPaths(root);
  if (!existsSync(join(out, 'index.html')) || !existsSync(stamp)) return false;
  try {
    return JSON.parse(readFileSync(stamp, 'utf8')).source === webSourceHash(root);
  } catch {
    return false;
  }
}

function step(cwd, cmd, args, what) {
  const res = spawnSync(cmd, args, { cwd, stdio: 'pipe', encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new Error(
      `${what} failed: ${cmd} ${args.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}${res.error ?? ''}`,
    );
  }
}

/** Installs web/'s packages when its lock file changed (stamped in .tools/stamps/web-npm). */
export function ensureWebPackages(root, say = () => {}) {
  const { web } = webPaths(root);
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json'])
    h.update(existsSync(join(web, f)) ? readFileSync(join(web, f)) : '');
  const hash = h.digest('hex');
  const stampFile = resolve(root, '.tools', 'stamps', 'web-npm');
  const installed = existsSync(join(web, 'node_modules', '.package-lock.json'));
  if (installed && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  say("installing the web UI's npm dependencies (web/)");
  step(web, 'npm', [installed ? 'install' : 'ci', '--no-audit', '--no-fund'], 'installing web/ packages');
  mkdirSync(resolve(root, '.tools', 'stamps'), { recursive: true });
  writeFileSync(stampFile, hash);
}

/** Generates the API types, type-checks and builds the UI into .tools/build/web. */
export function buildWeb(root) {
  const { web, out, schema } = webPaths(root);
  const source = webSourceHash(root);
  const bin = (pkg, file) => join(web, 'node_modules', pkg, file);
  step(
    web,
    process.execPath,
    [bin('openapi-typescript', 'bin/cli.js'), resolve(root, 'docs', 'openapi.json'), '-o', schema],
    'generating the API types',
  );
  step(
    web,
    process.execPath,
    [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json'],
    'type-checking the web UI',
  );
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  step(
    web,
    process.execPath,
    [bin('vite', 'bin/vite.js'), 'build', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'],
    'building the web UI',
  );
  writeFileSync(join(tmp, 'stamp.json'), JSON.stringify({ source, built: new Date().toISOString() }));
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  ensureWebPackages(root, (m) => console.log(`[web] ${m}`));
  buildWeb(root);
  console.log('[web] .tools/build/web is current');
}
