// Prisma CLI configuration for the SQLite database (embedded default).
// Uses the driver adapter and the WebAssembly schema engine so nothing is downloaded.
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'sqlite/schema.prisma',
  migrations: { path: 'sqlite/migrations' },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/signalman.db' });
  },
});
