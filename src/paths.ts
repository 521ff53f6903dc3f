// The project's own folder (package.json, prisma/, .tools/), from any module. Found by walking up
// from this module, so the answer is the same from the TypeScript sources and from the compiled
// server in .tools/build (scripts/build-info.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = resolve(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'signalman') return dir;
    if (dirname(dir) === dir) throw new Error(`Signalman's package.json not found above ${from}`);
  }
}

export const projectRoot = findProjectRoot(import.meta.dirname);

/** True when this is the server that setup compiled into .tools/build, not the TypeScript sources. */
export const runningCompiled = import.meta.url.endsWith('/.tools/build/signalman.mjs');

/** Says which code runs, for the start-up log. */
export function codeOrigin(): string {
  if (runningCompiled) return 'running the compiled build in .tools/build';
  if (process.env.SIGNALMAN_FROM_SOURCES === '1') return 'running the TypeScript sources (SIGNALMAN_FROM_SOURCES=1)';
  return 'running the TypeScript sources (the build in .tools/build is missing or older than them: `npm run setup` compiles it)';
}
