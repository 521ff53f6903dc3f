#!/usr/bin/env node
// The `signalman` command: loads the TypeScript sources through tsx, in this same process,
// so that signals (Ctrl-C, docker stop) reach Signalman directly.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
run(process.argv.slice(2));
