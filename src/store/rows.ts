// The rows of Semaphore's tables as this store returns them, by name, for code that passes them on.
import type { Db } from './db.ts';

type RowOf<M extends keyof Db> = Db[M] extends { findUniqueOrThrow(...args: never[]): Promise<infer R> } ? R : never;

export type TaskRow = RowOf<'task'>;
export type TemplateRow = RowOf<'template'>;
export type RepositoryRow = RowOf<'repository'>;
export type InventoryRow = RowOf<'inventory'>;
export type EnvironmentRow = RowOf<'environment'>;
export type ScheduleRow = RowOf<'schedule'>;
export type EventRow = RowOf<'event'>;
export type AccessKeyRow = RowOf<'accessKey'>;
