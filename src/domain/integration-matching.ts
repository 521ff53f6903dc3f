// What an integration reads from a webhook request (semaphore-behaviour.md §6.1): the conditions
// its matchers set, and the values it extracts into the task's environment. Pure functions.

/** A webhook request as the matchers see it. */
export interface WebhookPayload {
  /** A header by any case of its name; repeated headers joined with ", " as Node joins them. */
  header(name: string): string | undefined;
  /** The body's bytes, exactly as sent (empty when there was none): what HMACs are taken over. */
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The body read as JSON; undefined when it is not JSON. */
  json: unknown;
}

type Headers = Record<string, string | string[] | undefined>;

export function webhookPayload(headers: Headers, body: Buffer): WebhookPayload {
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    json = undefined; // not JSON: "string" matchers still see the text
  }
  return {
    header(name) {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body,
    text,
    json,
  };
}

/**
 * The value at a dotted path (`head_commit.author.name`); array items by index, as `items.0` or
 * gojsonq's `items.[0]`. Undefined when the path leads nowhere.
 */
export function valueAtPath(json: unknown, path: string): unknown {
  let at = json;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    if (Array.isArray(at)) {
      const index = /^\[?(\d+)\]?$/.exec(part)?.[1];
      at = index === undefined ? undefined : at[Number(index)];
    } else {
      at = Object.hasOwn(at, part) ? (at as Record<string, unknown>)[part] : undefined;
    }
  }
  return at;
}

/**
 * A JSON value as text: strings as they are, integral numbers without a fraction (`42`, not
 * `42.0` or `4.2e1`), other values as JSON. Null and nothing are undefined.
 */
export function valueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  return JSON.stringify(value);
}

interface Source {
  /** `header` or `body`. */
  source: string;
  /** For the body: `json` (a path in it) or `string` (all of it). XML is not read. */
  body_data_type: string;
  key: string;
}

/** What `source` names in the request, as text; undefined when the request has no such thing. */
export function readSource(payload: WebhookPayload, { source, body_data_type, key }: Source): string | undefined {
  if (source === 'header') return payload.header(key);
  if (source !== 'body') return undefined;
  if (body_data_type === 'string') return payload.text;
  if (body_data_type === 'json') return valueText(valueAtPath(payload.json, key));
  return undefined;
}

export interface MatcherRule {
  match_type: string;
  method: string;
  body_data_type: string;
  key: string;
  value: string;
}

/** Whether the request meets one matcher. What the request lacks meets no method, `unequals` included. */
export function matcherHolds(payload: WebhookPayload, m: MatcherRule): boolean {
  const actual = readSource(payload, { source: m.match_type, body_data_type: m.body_data_type, key: m.key });
  if (actual === undefined) return false;
  switch (m.method) {
    case 'equals':
      return actual === m.value;
    case 'unequals':
      return actual !== m.value;
    case 'contains':
      return actual.includes(m.value);
    default:
      return false;
  }
}

/** All matchers must hold; an integration without matchers takes every request. */
export function allMatchersHold(payload: WebhookPayload, matchers: MatcherRule[]): boolean {
  return matchers.every((m) => matcherHolds(payload, m));
}

export interface ExtractRule {
  value_source: string;
  body_data_type: string;
  key: string;
  variable: string;
}

/**
 * `{variable: value}` for the task's environment. A value the request lacks is left out (the
 * template's own variables then apply); a later rule for the same variable wins.
 */
export function extractValues(payload: WebhookPayload, rules: ExtractRule[]): Record<string, string> {
  const found = new Map<string, string>();
  for (const rule of rules) {
    const value = readSource(payload, {
      source: rule.value_source,
      body_data_type: rule.body_data_type,
      key: rule.key,
    });
    if (value !== undefined) found.set(rule.variable, value);
  }
  // fromEntries defines own properties: a variable named __proto__ stays a variable.
  return Object.fromEntries(found);
}
