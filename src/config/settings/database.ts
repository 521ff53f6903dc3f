// Database settings as Semaphore's config.json has them (semaphore-behaviour.md §8): `dialect` and
// one block per database kind. Signalman stores its data in PostgreSQL or SQLite; a `mysql` or
// `bolt` block is read only to say so clearly (database-url.ts).
import { z } from 'zod';

const serverBlock = (kind: string) =>
  z
    .object({
      host: z
        .string()
        .default('')
        .meta({
          env: kind === 'postgres' ? 'SEMAPHORE_DB_HOST' : undefined,
          description: `${kind}: host, or host:port.`,
        }),
      user: z
        .string()
        .default('')
        .meta({ env: kind === 'postgres' ? 'SEMAPHORE_DB_USER' : undefined, description: `${kind}: user.` }),
      pass: z
        .string()
        .default('')
        .meta({
          env: kind === 'postgres' ? 'SEMAPHORE_DB_PASS' : undefined,
          secret: true,
          description: `${kind}: password.`,
        }),
      name: z
        .string()
        .default('')
        .meta({ env: kind === 'postgres' ? 'SEMAPHORE_DB' : undefined, description: `${kind}: database name.` }),
      options: z
        .record(z.string(), z.string())
        .default({})
        .meta({
          env: kind === 'postgres' ? 'SEMAPHORE_DB_OPTIONS' : undefined,
          description: `${kind}: connection options (JSON map), e.g. {"sslmode":"require"}.`,
        }),
    })
    .prefault({});

export const databaseSettings = {
  dialect: z.enum(['', 'postgres', 'sqlite', 'mysql', 'bolt']).default('').meta({
    env: 'SEMAPHORE_DB_DIALECT',
    description:
      'Which database block to use: `postgres` or `sqlite`; empty: the first block with a host, else SQLite in the data folder.',
  }),
  postgres: serverBlock('postgres'),
  sqlite: z
    .object({
      host: z.string().default('').meta({
        env: 'SEMAPHORE_DB_HOST',
        description: 'sqlite: path of the database file.',
      }),
    })
    .prefault({}),
  mysql: serverBlock('mysql'),
  bolt: z
    .object({ host: z.string().default('').meta({ description: 'bolt: not supported (refused with a message).' }) })
    .prefault({}),
  database_url: z.string().optional().meta({
    env: 'DATABASE_URL',
    secret: true,
    description: 'A Prisma database URL (`postgresql://…` or `file:…`); wins over `dialect` and the blocks.',
  }),
};
