// The worker entrypoint (split mode): the same as `signalman worker`.
import { run } from '../src/cli/main.ts';

run(['worker', ...process.argv.slice(2)]);
