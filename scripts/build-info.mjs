// Where setup puts the compiled forms of Signalman's sources, and whether they are current.
//   .tools/build/signalman.mjs  the server, CLI and worker compiled by esbuild into one module:
//                               it starts without tsx and its transform caches (about 55 MB less)
//   .tools/build/workflows.js   the workflow bundle, so that a worker does not run webpack at
//                               start (about 100 MB less, and a second or two faster)
//   .tools/build/stamp.json     the hash of the sources both were built from
// A build is used only when its stamp matches the sources as they are now; otherwise Signalman
// runs the TypeScript sources through tsx (and bundles workflows at start), which is always right.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The build's files for the project at `root`. */
export function buildPaths(root) {
  const dir = resolve(root, '.tools', 'build');
  return {
    dir,
    server: join(dir, 'signalman.mjs'),
    workflows: join(dir, 'workflows.js'),
    stamp: join(dir, 'stamp.json'),
  };
}

function sourceFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|js|mjs|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** One hash over every source file (tests aside) and the installed packages' lock file. */
export function sourceHash(projectRoot) {
  const root = resolve(projectRoot);
  const hash = createHash('sha256');
  const files = sourceFiles(resolve(root, 'src')).sort();
  files.push(resolve(root, 'package-lock.json'));
  for (const file of files) {
    hash.update(file.slice(root.length)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when the build exists and was made from the sources as they are now. */
export function buildIsCurrent(root) {
  const paths = buildPaths(root);
  if (!existsSync(paths.server) || !existsSync(paths.workflows) || !existsSync(paths.stamp)) return false;
  try {
    return JSON.parse(readFileSync(paths.stamp, 'utf8')).source === sourceHash(root);
  } catch {
    return false;
  }
}
