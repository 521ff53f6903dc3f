// The directions of ../shared/DESIGN.md, checked: dependency-cruiser's rules (.dependency-cruiser.cjs)
// over src/, and no cycles between its top folders. A failure names the rule and the edge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from '../src/paths.ts';
import { brokenRules, cruise, folderCycles, type CruisedModule } from './support/dependency-check.ts';

/** Folders that import each other and may (none today): a new cycle fails with its edges. */
const KNOWN_FOLDER_CYCLES: string[][] = [];

const cruised = cruise('src');

test('src/ breaks none of the dependency rules', () => {
  assert.deepEqual(brokenRules(cruised), []);
});

test('no-cycles-between-folders: no top folders of src/ import each other, beyond the known ones', () => {
  const unknown = folderCycles(cruised.modules).filter(
    (group) => !KNOWN_FOLDER_CYCLES.some((known) => group.folders.every((f) => known.includes(f))),
  );
  assert.deepEqual(
    unknown.map((g) => `no-cycles-between-folders: ${g.folders.join(', ')}\n  ${g.edges.join('\n  ')}`),
    [],
  );
});

test('a service that imports the API, and an activity that writes a status around the journal, break their rules, named with their edges', () => {
  const fixture = resolve(projectRoot, 'test/fixtures/architecture-back-edge');
  assert.deepEqual(brokenRules(cruise('src', fixture)).sort(), [
    'only-the-journal-writes-task-statuses-and-output: src/activities/finish.ts → src/store/task-journal.ts',
    'services-never-import-api: src/services/users.ts → src/api/user-schema.ts',
  ]);
});

test('two folders that import each other are a folder cycle; the workflows may import the activities as types', () => {
  const modules: CruisedModule[] = [
    {
      source: 'src/tasks/a.ts',
      dependencies: [{ resolved: 'src/executors/b.ts', dependencyTypes: ['local', 'import'] }],
    },
    {
      source: 'src/executors/b.ts',
      dependencies: [{ resolved: 'src/tasks/c.ts', dependencyTypes: ['local', 'type-only'] }],
    },
    {
      source: 'src/workflows/task.ts',
      dependencies: [{ resolved: 'src/activities/index.ts', dependencyTypes: ['local', 'type-only'] }],
    },
    {
      source: 'src/activities/index.ts',
      dependencies: [{ resolved: 'src/workflows/names.ts', dependencyTypes: ['local', 'import'] }],
    },
  ];
  assert.deepEqual(folderCycles(modules), [
    {
      folders: ['executors', 'tasks'],
      edges: [
        'executors > tasks (src/executors/b.ts → src/tasks/c.ts)',
        'tasks > executors (src/tasks/a.ts → src/executors/b.ts)',
      ],
    },
  ]);
});

test('no Prisma write of a task row or a log line outside the journal storage (src/store/task-journal.ts, task-output.ts)', () => {
  const WRITE =
    /\.(task\.(create|createMany|update|updateMany|upsert)|taskOutput\.(create|createMany|update|updateMany|upsert))\(|INSERT INTO "task__output"|UPDATE "task"/;
  const allowed = new Set(['src/store/task-journal.ts', 'src/store/task-output.ts']);
  const found = cruised.modules
    .map((m) => m.source)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !allowed.has(file))
    .filter((file) => WRITE.test(readFileSync(resolve(projectRoot, file), 'utf8')));
  assert.deepEqual(found, []);
});

test('every Prisma call is in src/store (data access per aggregate)', () => {
  const PRISMA_CALL =
    /\b(db|tx)\.[a-zA-Z]+\.(find|create|update|delete|upsert|count|aggregate|groupBy)[A-Za-z]*\(|\$(transaction|queryRaw|executeRaw)/;
  const found = cruised.modules
    .map((m) => m.source)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('src/store/'))
    .filter((file) => PRISMA_CALL.test(readFileSync(resolve(projectRoot, file), 'utf8')));
  assert.deepEqual(found, []);
});
