// Cron expressions for the schedule form's preview: a plain-words description and the next run
// times, in the time zone the server runs schedules in (GET /api/info `schedule_timezone`, or a
// CRON_TZ= prefix). The server checks the expression itself (…/schedules/validate); this only
// previews the five-field form and the @descriptors.
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface Field {
  values: Set<number>;
  any: boolean;
  text: string;
}
export interface Cron {
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
  zone?: string;
}

function field(text: string, min: number, max: number, names?: string[]): Field {
  const values = new Set<number>();
  const upper = text.toUpperCase();
  const num = (s: string) => {
    const at = names?.indexOf(s) ?? -1;
    const n = at >= 0 ? at + (min === 1 ? 1 : 0) : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`"${s}" is out of ${min}-${max}`);
    return n;
  };
  for (const part of upper.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in "${part}"`);
    let lo = min;
    let hi = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      lo = num(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : num(b);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, any: text === '*' || text === '?', text };
}

/** The expression parsed, or an Error saying what is wrong. */
export function parseCron(expr: string): Cron | Error {
  let spec = expr.trim();
  let zone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    zone = tz[1];
    spec = spec.slice(tz[0].length);
  }
  spec = DESCRIPTORS[spec.toLowerCase()] ?? spec;
  if (spec.startsWith('@')) return new Error('no preview for this form');
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) return new Error('five fields: minute hour day-of-month month day-of-week');
  try {
    const dow = field(parts[4], 0, 7, DAYS);
    if (dow.values.delete(7)) dow.values.add(0);
    return {
      minute: field(parts[0], 0, 59),
      hour: field(parts[1], 0, 23),
      dom: field(parts[2], 1, 31),
      month: field(parts[3], 1, 12, MONTHS),
      dow,
      zone,
    };
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

const list = (f: Field, name: (n: number) => string) =>
  [...f.values]
    .sort((a, b) => a - b)
    .map(name)
    .join(', ');
const two = (n: number) => String(n).padStart(2, '0');

/** The expression in plain words, e.g. "At 09:30, on Monday, Friday". */
export function describeCron(c: Cron): string {
  const single = (f: Field) => f.values.size === 1 && !f.any;
  let when: string;
  const every = /^\*\/(\d+)$/.exec(c.minute.text);
  if (single(c.minute) && single(c.hour)) when = `At ${two([...c.hour.values][0])}:${two([...c.minute.values][0])}`;
  else if (c.minute.any && c.hour.any) when = 'Every minute';
  else if (every && c.hour.any) when = `Every ${every[1]} minutes`;
  else if (single(c.minute) && c.hour.any) when = `At minute ${[...c.minute.values][0]} of every hour`;
  else
    when = `At minute ${c.minute.any ? 'every' : list(c.minute, String)} past hour ${c.hour.any ? 'every' : list(c.hour, String)}`;
  const days: string[] = [];
  if (!c.dom.any) days.push(`on day ${list(c.dom, String)} of the month`);
  if (!c.dow.any) days.push(`on ${list(c.dow, (n) => DAY_NAMES[n])}`);
  const parts = [when, days.join(' or ')];
  if (!c.month.any) parts.push(`in ${list(c.month, (n) => MONTH_NAMES[n - 1])}`);
  return parts.filter(Boolean).join(', ');
}

/** The zone's offset from UTC at `t`, in minutes. */
function offsetMinutes(zone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(t / 60_000) * 60_000) / 60_000);
}

/** The next `count` times the expression fires after `from`, in `zone` (at most a few years ahead). */
export function nextRuns(c: Cron, zone: string, count: number, from = Date.now()): Date[] {
  const out: Date[] = [];
  const restrictedDays = !c.dom.any && !c.dow.any;
  let t = Math.floor(from / 60_000) * 60_000 + 60_000;
  const offsets = new Map<number, number>();
  for (let guard = 0; out.length < count && guard < 400_000; guard++) {
    const hourKey = Math.floor(t / 3_600_000);
    let offset = offsets.get(hourKey);
    if (offset === undefined) offsets.set(hourKey, (offset = offsetMinutes(c.zone ?? zone, t)));
    const wall = new Date(t + offset * 60_000);
    const dayOk = restrictedDays
      ? c.dom.values.has(wall.getUTCDate()) || c.dow.values.has(wall.getUTCDay())
      : c.dom.values.has(wall.getUTCDate()) && c.dow.values.has(wall.getUTCDay());
    if (!c.month.values.has(wall.getUTCMonth() + 1) || !dayOk) {
      t += (24 * 60 - wall.getUTCHours() * 60 - wall.getUTCMinutes()) * 60_000; // the next day
    } else if (!c.hour.values.has(wall.getUTCHours())) {
      t += (60 - wall.getUTCMinutes()) * 60_000; // the next hour
    } else {
      if (c.minute.values.has(wall.getUTCMinutes())) out.push(new Date(t));
      t += 60_000;
    }
  }
  return out;
}
