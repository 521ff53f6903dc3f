// Benchmark figures: each with its target, printed as a table and written as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Absent for figures reported for information only. */
  target?: { op: '<=' | '>='; value: number };
  detail?: Record<string, unknown>;
}

export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (!f.target) return '';
  const ok = f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value;
  return ok ? 'PASS' : 'MISS';
}

const fmt = (v: number) =>
  Number.isInteger(v) || Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);

export function table(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.target ? `${f.target.op === '<=' ? '≤' : '≥'} ${fmt(f.target.value)} ${f.unit}` : '',
    verdict(f),
  ]);
  const head = ['benchmark', 'measured', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes bench/results/<timestamp>.json and returns its path. */
export function writeResults(dir: string, figures: Figure[], meta: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const results = figures.map((f) => ({ ...f, verdict: verdict(f) || undefined }));
  writeFileSync(file, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  return file;
}
