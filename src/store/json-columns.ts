// Semaphore keeps some values as JSON text columns (a template's survey_vars and task_params, a
// task's environment, arguments and params, an environment's json and env, …). They are read here
// and nowhere else, each against the zod schema of its kind, so every reader gets the same value
// for the same text and bad stored JSON is always the same error: StoredJsonError, naming table,
// row and column ("template 7 survey_vars: not valid JSON").
//
// No text (NULL, '' or blanks) and the JSON text `null` (what Semaphore writes for a nil list or
// map) read as the kind's empty value. A value that passes is returned as JSON.parse made it, not
// as zod copies it, so fields keep their order and the API answers byte for byte what is stored.
import { z } from 'zod';
import type { surveyVar } from '../contracts/templates.ts';

/** A survey variable as our API writes it (the contract's defaults applied). */
type SurveyVar = z.output<typeof surveyVar>;

/** The kinds of JSON text column: the schema, what a bad value is told, and what no text reads as. */
const KINDS = {
  object: {
    schema: z.record(z.string(), z.unknown()),
    expected: 'must be a JSON object',
    empty: (): Record<string, unknown> => ({}),
  },
  stringArray: {
    schema: z.array(z.string()),
    expected: 'must be a JSON array of strings',
    empty: (): string[] => [],
  },
  // Only what the gate and the backup rely on (a name) is checked; rows written by Semaphore may
  // lack fields our API always writes, and every field passes as stored.
  surveyVars: {
    schema: z.array(z.looseObject({ name: z.string() })),
    expected: 'must be a JSON array of survey variables, each with a name',
    empty: (): SurveyVar[] => [],
  },
} as const;
type Kind = keyof typeof KINDS;
type ValueOf<K extends Kind> = ReturnType<(typeof KINDS)[K]['empty']>;

/** Every JSON text column, by table, with its kind. */
const COLUMNS = {
  template: { survey_vars: 'surveyVars', task_params: 'object', arguments: 'stringArray' },
  task: { environment: 'object', arguments: 'stringArray', params: 'object' },
  environment: { json: 'object', env: 'object' },
  schedule: { task_params: 'object' },
  integration: { task_params: 'object' },
} as const satisfies Record<string, Record<string, Kind>>;

export type JsonTable = keyof typeof COLUMNS;
export type JsonColumn<T extends JsonTable> = keyof (typeof COLUMNS)[T] & string;
export type JsonColumnValue<T extends JsonTable, C extends JsonColumn<T>> = ValueOf<
  (typeof COLUMNS)[T][C] extends Kind ? (typeof COLUMNS)[T][C] : never
>;

/** Stored JSON text that is not what its column holds. Only fixing the row helps; retrying does not. */
export class StoredJsonError extends Error {
  constructor(
    readonly table: JsonTable,
    readonly rowId: number | null,
    readonly column: string,
    readonly problem: string,
  ) {
    super(`${table}${rowId === null ? '' : ` ${rowId}`} ${column}: ${problem}`);
    this.name = 'StoredJsonError';
  }
}

export type JsonReading<V> = { ok: true; value: V } | { ok: false; problem: string };

/** The value of column `column` of `table` held in `text`, or what is wrong with the text. */
export function readJsonColumn<T extends JsonTable, C extends JsonColumn<T>>(
  table: T,
  column: C,
  text: string | null | undefined,
): JsonReading<JsonColumnValue<T, C>> {
  const kind = KINDS[(COLUMNS[table] as Record<string, Kind>)[column]];
  const empty = () => ({ ok: true as const, value: kind.empty() as JsonColumnValue<T, C> });
  if (text == null || !text.trim()) return empty();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
  if (value === null) return empty();
  if (!kind.schema.safeParse(value).success) return { ok: false, problem: kind.expected };
  return { ok: true, value: value as JsonColumnValue<T, C> };
}

/** The value of `row`'s column `column`; a StoredJsonError when the stored text is not one. */
export function jsonColumn<T extends JsonTable, C extends JsonColumn<T>>(
  table: T,
  row: { id?: number } & { [K in C]: string | null },
  column: C,
): JsonColumnValue<T, C> {
  const reading = readJsonColumn(table, column, row[column]);
  if (!reading.ok) throw new StoredJsonError(table, row.id ?? null, column, reading.problem);
  return reading.value;
}
