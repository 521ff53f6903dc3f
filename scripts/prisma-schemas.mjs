// Writes prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma from prisma/models.prisma.
// One set of models, one generated client per database kind (Prisma clients are provider-specific).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const models = readFileSync(`${root}prisma/models.prisma`, 'utf8');

export const providers = { sqlite: 'sqlite', postgres: 'postgresql' };

export function schemaFor(kind) {
  return `// Generated from prisma/models.prisma by scripts/prisma-schemas.mjs: edit that file, not this one.

generator client {
  provider   = "prisma-client"
  engineType = "client"
  output     = "../../src/generated/prisma-${kind}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${providers[kind]}"
  // The connection comes from the driver adapter (prisma/*.config.ts and src/store); this URL is unused.
  url      = "${kind === 'sqlite' ? 'file:unused.db' : 'postgresql://unused'}"
}

${models}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const kind of Object.keys(providers)) {
    writeFileSync(`${root}prisma/${kind}/schema.prisma`, schemaFor(kind));
  }
}
