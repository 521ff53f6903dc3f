#!/usr/bin/env bash
# Writes a migration for each database kind from the change to prisma/models.prisma.
# Usage: scripts/new-migration.sh <name>   (needs a PostgreSQL server: PG_URL, default a local one)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
stamp=$(date -u +%Y%m%d%H%M%S)
export PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false
node scripts/prisma-schemas.mjs
for kind in sqlite postgres; do
  dir=prisma/$kind/migrations/${stamp}_$name
  mkdir -p "$dir"
  if [ "$kind" = sqlite ]; then url=file:/tmp/signalman-migration.db; else url=${PG_URL:-postgresql://postgres@127.0.0.1:55432/postgres}; fi
  DATABASE_URL=$url npx prisma migrate diff --config prisma/$kind.config.ts \
    --from-migrations prisma/$kind/migrations --to-schema-datamodel prisma/$kind/schema.prisma --script > "$dir/migration.sql"
  echo "wrote $dir/migration.sql"
done
