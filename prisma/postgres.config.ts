// Prisma CLI configuration for PostgreSQL (split-mode deployments).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'postgres/schema.prisma',
  migrations: { path: 'postgres/migrations' },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL must be set to a postgres:// URL');
    return new PrismaPg({ connectionString: url });
  },
});
