// Durations in settings: a number of seconds ("600") or a number with a unit ("500ms", "90s",
// "10m", "1h"), e.g. SIGNALMAN_GIT_TIMEOUT.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or null when `text` is neither seconds nor a duration. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) return null;
  const ms = Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? 's').toLowerCase()]);
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}

/** The duration as a person writes it: "10 min", "90 s", "500 ms". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
