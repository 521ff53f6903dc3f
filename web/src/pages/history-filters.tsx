// The history's filters: status, template, user and a text (message, commit), kept in the URL
// query (`?status=success&template=3&user=1&q=deploy`) so that a filtered history is a link. The
// API answers the newest 1000 tasks without filters of its own, so they apply here, over those.
import type { TaskStatus, TaskWithTemplate } from '../api/client';
import { STATUS_LABELS } from '../ui/status';

export const FILTER_KEYS = ['status', 'template', 'user', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

/** `user` is a user id, or `none` for tasks no user started (schedules, integrations). */
export function filtersOf(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

export function matches(t: TaskWithTemplate, f: Filters): boolean {
  if (f.status && t.status !== f.status) return false;
  if (f.template && String(t.template_id) !== f.template) return false;
  if (f.user && (f.user === 'none' ? t.user_id != null : String(t.user_id) !== f.user)) return false;
  const q = f.q.trim().toLowerCase();
  if (q) {
    const text = [`#${t.id}`, t.message, t.commit_hash, t.commit_message].join('\n').toLowerCase();
    if (!text.includes(q)) return false;
  }
  return true;
}

/** The params with `key` set (or removed when empty), the others kept. */
export function paramsWith(params: URLSearchParams, key: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** A link to the same page with `key` set or removed: `?…`. */
export const withParam = (params: URLSearchParams, key: string, value: string) =>
  `?${paramsWith(params, key, value).toString()}`;

export function HistoryFilters({
  tasks,
  filters,
  set,
  clear,
}: {
  tasks: TaskWithTemplate[];
  filters: Filters;
  set: (key: FilterKey, value: string) => void;
  clear: () => void;
}) {
  const templates = new Map(tasks.map((t) => [t.template_id, t.tpl_alias]));
  const users = new Map(tasks.filter((t) => t.user_id != null).map((t) => [t.user_id, t.user_name ?? '']));
  const active = FILTER_KEYS.some((k) => filters[k]);
  return (
    <search className="filters" aria-label="Filter tasks">
      <label>
        Status
        <select value={filters.status} onChange={(e) => set('status', e.target.value)}>
          <option value="">Any</option>
          {(Object.keys(STATUS_LABELS) as TaskStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Template
        <select value={filters.template} onChange={(e) => set('template', e.target.value)}>
          <option value="">Any</option>
          {[...templates].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        User
        <select value={filters.user} onChange={(e) => set('user', e.target.value)}>
          <option value="">Any</option>
          {[...users].map(([id, name]) => (
            <option key={id} value={String(id)}>
              {name}
            </option>
          ))}
          <option value="none">None (schedule, integration)</option>
        </select>
      </label>
      <label>
        Search
        <input
          type="search"
          placeholder="Message or commit"
          value={filters.q}
          onChange={(e) => set('q', e.target.value)}
        />
      </label>
      {active && (
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      )}
    </search>
  );
}
