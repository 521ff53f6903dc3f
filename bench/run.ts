// `npm run bench`: Signalman's performance in embedded mode (`signalman start` as a real process,
// SQLite, its own Temporal dev server), measured against the targets of issue 5. Prints a table
// and writes bench/results/<timestamp>.json. Not part of `npm test`.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startBench } from './support/stack.ts';
import { cpuMs, currentRss, mb } from './support/proc.ts';
import { table, writeResults, type Figure } from './support/report.ts';
import { dispatchLatency } from './measures/dispatch.ts';
import { throughput } from './measures/throughput.ts';
import { liveStreamLatency } from './measures/live-stream.ts';
import { stopLatency } from './measures/stop.ts';
import { logIngestion } from './measures/ingestion.ts';
import { longLine } from './measures/long-line.ts';
import { buildIsCurrent } from '../scripts/build-info.mjs';
import { projectRoot } from '../src/paths.ts';

const MEASURES = {
  dispatch: dispatchLatency,
  live: liveStreamLatency,
  stop: stopLatency,
  throughput,
  ingestion: logIngestion,
  longline: longLine,
};

async function main(): Promise<void> {
  // `npm run bench -- dispatch stop` runs only those.
  const only = process.argv.slice(2);
  const chosen = Object.entries(MEASURES).filter(([name]) => only.length === 0 || only.includes(name));
  // `npm run bench` runs setup first, so the compiled build is what users run; a stale one (an
  // edit since) means the sources through tsx, which costs ~90 MB and some CPU.
  const code = buildIsCurrent(projectRoot) ? 'compiled build' : 'TypeScript sources (the build is older than them)';
  console.log(`[bench] starting \`signalman start\` in a temporary data folder, running the ${code}`);
  const stack = await startBench();
  const figures: Figure[] = [];
  // CPU seconds each process spent per benchmark: the cost of the work, whatever else runs on the host.
  const usage: Record<string, { wall_s: number; signalman_cpu_s: number; temporal_cpu_s: number }> = {};
  const loadBefore = loadavg();
  const rssAfterStart = {
    signalman: mb(currentRss(stack.pids.signalman)),
    temporal: mb(currentRss(stack.pids.temporal)),
  };
  console.log(
    `[bench] idle after start: RSS signalman ${rssAfterStart.signalman} MB, temporal ${rssAfterStart.temporal} MB`,
  );
  try {
    for (const [name, measure] of chosen) {
      const { signalman, temporal } = stack.pids;
      const before = { t: Date.now(), s: cpuMs(signalman), p: cpuMs(temporal) };
      figures.push(...(await measure(stack)));
      const u = {
        wall_s: (Date.now() - before.t) / 1000,
        signalman_cpu_s: (cpuMs(signalman) - before.s) / 1000,
        temporal_cpu_s: (cpuMs(temporal) - before.p) / 1000,
      };
      usage[name] = u;
      console.log(
        `[bench] ${name}: ${u.wall_s.toFixed(1)} s; CPU: signalman ${u.signalman_cpu_s.toFixed(1)} s, temporal ${u.temporal_cpu_s.toFixed(1)} s`,
      );
    }
  } finally {
    stack.live.close();
    await stack.close();
  }
  console.log(`\n${table(figures)}\n`);
  console.log(
    `[bench] load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} CPUs)`,
  );
  const file = writeResults(join(import.meta.dirname, 'results'), figures, {
    date: new Date().toISOString(),
    mode: 'embedded (signalman start, SQLite, Temporal dev server)',
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    code,
    load_average: { before: loadBefore, after: loadavg() },
    rss_after_start_mb: rssAfterStart,
    usage,
  });
  console.log(`[bench] results written to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
