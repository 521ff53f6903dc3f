// Cron expressions of schedules, accepted as Semaphore accepts them (semaphore-behaviour.md §5):
// five fields (minute hour day-of-month month day-of-week), an optional `CRON_TZ=<zone>` or
// `TZ=<zone>` prefix, the descriptors @yearly … @hourly, and `@every <duration>` with a Go-style
// duration ("1h30m"). The syntax of each field is checked by cron-parser; this module adds what
// Semaphore's parser does differently: exactly five fields, no seconds, no L / W / # extensions.
import { CronExpressionParser } from 'cron-parser';

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const NAMES = /JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT/gi;
const FIELD_CHARS = /^[0-9*?,/-]+$/;
const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** What is wrong with `expr` as a schedule's cron format, or null when it is valid. */
export function cronProblem(expr: string): string | null {
  let spec = expr.trim();
  if (!spec) return 'is empty';
  const tz = /^(?:CRON_TZ|TZ)=(\S*)\s*/.exec(spec);
  if (tz) {
    if (!isTimeZone(tz[1])) return `unknown time zone "${tz[1]}"`;
    spec = spec.slice(tz[0].length);
    if (!spec) return 'nothing after the time zone';
  }
  if (spec.startsWith('@')) return descriptorProblem(spec);
  const fields = spec.split(/\s+/);
  if (fields.length !== FIELDS.length)
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    if (!FIELD_CHARS.test(field.replace(NAMES, '0')))
      return `${FIELDS[i]}: "${field}" may only hold numbers, names, *, ?, ",", "-" and "/"`;
    // One field at a time, so that the message can say which field is wrong.
    const alone = FIELDS.map((_, j) => (j === i ? field : '*')).join(' ');
    const problem = parserProblem(alone);
    if (problem) return `${FIELDS[i]}: ${problem}`;
  }
  return parserProblem(fields.join(' '));
}

function descriptorProblem(spec: string): string | null {
  if (DESCRIPTORS.has(spec)) return null;
  const every = /^@every\s+(\S+)$/.exec(spec);
  if (!every)
    return `unknown descriptor "${spec.split(/\s/)[0]}" (expected one of ${[...DESCRIPTORS].join(', ')} or @every <duration>)`;
  const ms = goDurationMs(every[1]);
  if (ms === null) return `@every: "${every[1]}" is not a duration (e.g. 90s, 15m, 1h30m)`;
  if (ms < 1000) return '@every: the interval must be at least 1s';
  return null;
}

/** Milliseconds of a Go duration string ("1h30m", "1.5h", "300ms"), or null if it is not one. */
export function goDurationMs(text: string): number | null {
  const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let sign = 1;
  let at = 0;
  if (text[0] === '-' || text[0] === '+') {
    sign = text[0] === '-' ? -1 : 1;
    at = 1;
  }
  if (text.slice(at) === '0') return 0;
  if (at === text.length) return null;
  let total = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const m = part.exec(text);
    if (!m) return null;
    total += Number(m[1]) * DURATION_UNITS_MS[m[2]];
    at = part.lastIndex;
  }
  return sign * total;
}

function parserProblem(expr: string): string | null {
  try {
    CronExpressionParser.parse(expr);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^(Constraint|Validation) error,\s*/i, '');
  }
}

function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
