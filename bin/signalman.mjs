#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node
// The `signalman` command, in this same process so that signals (Ctrl-C, docker stop) reach
// Signalman directly. It runs the server that setup compiled into .tools/build when that was
// built from the sources as they are now, and otherwise the TypeScript sources through tsx
// (SIGNALMAN_FROM_SOURCES=1 forces the sources).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsCurrent, buildPaths } from '../scripts/build-info.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let main;
if (process.env.SIGNALMAN_FROM_SOURCES !== '1' && buildIsCurrent(root)) {
  main = await import(pathToFileURL(buildPaths(root).server).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/cli/main.ts');
}
main.run(process.argv.slice(2));
