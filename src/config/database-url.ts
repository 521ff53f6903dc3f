// The database Signalman opens, from Semaphore's database settings (semaphore-behaviour.md §8):
// DATABASE_URL when set; else the block `dialect` names, or the first block with a host (in
// Semaphore's order: mysql, bolt, postgres, sqlite); else SQLite in the data folder.
import { resolve } from 'node:path';
import type { Settings } from './settings/index.ts';

type DatabaseSettings = Pick<Settings, 'dialect' | 'postgres' | 'sqlite' | 'mysql' | 'bolt' | 'database_url'>;

const UNSUPPORTED =
  'Signalman stores its data in PostgreSQL or SQLite (dialect "postgres" or "sqlite"); move projects from a MySQL or Bolt installation with project backups (GET /api/project/{id}/backup there, POST /api/projects/restore here)';

/** The Prisma URL, or the reason there is none. */
export function databaseUrl(s: DatabaseSettings, dataDir: string): { url: string } | { problem: string } {
  if (s.database_url) return { url: s.database_url };
  const dialect =
    s.dialect ||
    (s.mysql.host ? 'mysql' : s.bolt.host ? 'bolt' : s.postgres.host ? 'postgres' : s.sqlite.host ? 'sqlite' : '');
  switch (dialect) {
    case 'mysql':
    case 'bolt':
      return { problem: `dialect: ${dialect} is not supported. ${UNSUPPORTED}` };
    case 'postgres': {
      const { host, user, pass, name, options } = s.postgres;
      if (!host) return { problem: 'postgres.host (SEMAPHORE_DB_HOST): is required with dialect postgres' };
      const auth = user ? `${encodeURIComponent(user)}${pass ? `:${encodeURIComponent(pass)}` : ''}@` : '';
      const query = new URLSearchParams(options).toString();
      return {
        url: `postgresql://${auth}${host}/${encodeURIComponent(name || 'semaphore')}${query ? `?${query}` : ''}`,
      };
    }
    case 'sqlite':
      return { url: `file:${resolve(s.sqlite.host || resolve(dataDir, 'signalman.db'))}` };
    default:
      return { url: `file:${resolve(dataDir, 'signalman.db')}` };
  }
}
