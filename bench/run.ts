// `npm run bench`: Signalman's performance in embedded mode (`signalman start` as a real process,
// SQLite, its own Temporal dev server), measured against the targets of issue 5. Prints a table
// and writes bench/results/<timestamp>.json. Not part of `npm test`.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startBench } from './support/stack.ts';
import { table, writeResults, type Figure } from './support/report.ts';
import { dispatchLatency } from './measures/dispatch.ts';
import { throughput } from './measures/throughput.ts';
import { liveStreamLatency } from './measures/live-stream.ts';
import { stopLatency } from './measures/stop.ts';
import { logIngestion } from './measures/ingestion.ts';

const MEASURES = { dispatch: dispatchLatency, live: liveStreamLatency, stop: stopLatency, throughput, ingestion: logIngestion };

async function main(): Promise<void> {
  // `npm run bench -- dispatch stop` runs only those.
  const only = process.argv.slice(2);
  const chosen = Object.entries(MEASURES).filter(([name]) => only.length === 0 || only.includes(name));
  console.log('[bench] starting `signalman start` in a temporary data folder');
  const stack = await startBench();
  const figures: Figure[] = [];
  try {
    for (const [name, measure] of chosen) {
      console.log(`[bench] ${name}`);
      figures.push(...(await measure(stack)));
    }
  } finally {
    stack.live.close();
    await stack.close();
  }
  console.log(`\n${table(figures)}\n`);
  const file = writeResults(join(import.meta.dirname, 'results'), figures, {
    date: new Date().toISOString(),
    mode: 'embedded (signalman start, SQLite, Temporal dev server)',
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
  });
  console.log(`[bench] results written to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
