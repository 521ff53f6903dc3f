// Cheap checks that a request changed nothing, for use after every one of thousands of requests:
// the row count of every table in one query, and the rows of the objects a path names.
import type { Db } from '../../src/store/db.ts';
import type { DbKind } from './env.ts';
import { tokenDigest } from '../../src/services/api-tokens.ts';

/** Counts the rows of every table of the database (Prisma's own bookkeeping aside) in one query. */
export async function rowCounter(db: Db, kind: DbKind): Promise<() => Promise<Record<string, number>>> {
  const listed = await db.$queryRawUnsafe<Array<{ name: string }>>(
    kind === 'sqlite'
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`
      : `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_prisma%'`,
  );
  // A failed login is meant to leave a row behind (login throttling): not a change of anything.
  const tables = listed
    .map((t) => t.name)
    .filter((t) => t !== 'login_failure')
    .sort();
  if (tables.length < 20) throw new Error(`only ${tables.length} tables found: ${tables.join(', ')}`);
  const sql = `SELECT ${tables.map((t, i) => `(SELECT COUNT(*) FROM "${t}") AS c${i}`).join(', ')}`;
  return async () => {
    const [row] = await db.$queryRawUnsafe<Array<Record<string, number | bigint>>>(sql);
    return Object.fromEntries(tables.map((t, i) => [t, Number(row[`c${i}`])]));
  };
}

type Read = (db: Db, id: number) => Promise<unknown>;

/** How to read the object a path parameter names. */
const OBJECTS: Record<string, Read> = {
  project_id: (db, id) => db.project.findUnique({ where: { id }, include: { users: true } }),
  key_id: (db, id) => db.accessKey.findUnique({ where: { id } }),
  repository_id: (db, id) => db.repository.findUnique({ where: { id } }),
  inventory_id: (db, id) => db.inventory.findUnique({ where: { id } }),
  environment_id: (db, id) => db.environment.findUnique({ where: { id }, include: { secrets: true } }),
  template_id: (db, id) => db.template.findUnique({ where: { id }, include: { vaults: true } }),
  view_id: (db, id) => db.view.findUnique({ where: { id } }),
  schedule_id: (db, id) => db.schedule.findUnique({ where: { id } }),
  integration_id: (db, id) => db.integration.findUnique({ where: { id } }),
  matcher_id: (db, id) => db.integrationMatcher.findUnique({ where: { id } }),
  value_id: (db, id) => db.integrationExtractValue.findUnique({ where: { id } }),
  alias_id: (db, id) => db.integrationAlias.findUnique({ where: { id } }),
  task_id: (db, id) => db.task.findUnique({ where: { id } }),
  user_id: (db, id) => db.user.findUnique({ where: { id }, include: { projects: true, tokens: true } }),
  runner_id: (db, id) => db.runner.findUnique({ where: { id }, omit: { touched: true } }),
};

/** The rows of every object the path parameters name (the target of a PUT or DELETE, its parents). */
export async function objectRows(db: Db, params: Record<string, string | number>): Promise<string> {
  const rows: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'app_id')
      rows[name] = await db.option.findMany({
        where: { key: { startsWith: `apps.${value}.` } },
        orderBy: { key: 'asc' },
      });
    else if (name === 'token_id')
      rows[name] = await db.apiToken.findUnique({ where: { id: tokenDigest(String(value)) } }); // the whole token
    else if (OBJECTS[name]) rows[name] = await OBJECTS[name](db, Number(value));
    else throw new Error(`no reader for path parameter ${name}`);
  }
  return JSON.stringify(rows);
}
