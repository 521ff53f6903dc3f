// The directions of ../shared/DESIGN.md ("Layout and directions") as rules over src/.
// test/architecture.test.ts runs them in `npm test`; a back-edge fails naming the rule and the edge.
// The rule `no-cycles-between-folders` is checked by test/architecture.test.ts over this cruise's
// module graph: dependency-cruiser's folder scope cannot tell the type-only import of the activities
// by the workflows (which DESIGN.md allows) from a run-time one.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'Pure rules: they depend on nothing else of ours, so every layer may use them.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'contracts-import-only-domain-and-zod',
      comment: 'Request and response schemas sit below api and services; they may use domain rules and zod only.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { pathNot: ['^src/(contracts|domain)/', '^node_modules/zod/'] },
    },
    {
      name: 'workflows-import-only-deterministic-code',
      comment:
        'Workflow code is bundled for the Temporal sandbox: it may use domain rules, contracts, its own messages, ' +
        '@temporalio/workflow and (as types) the activities.',
      severity: 'error',
      from: { path: '^src/workflows/' },
      to: { pathNot: ['^src/(workflows|domain|contracts|activities)/', '^node_modules/@temporalio/workflow/'] },
    },
    {
      name: 'workflows-import-activities-as-types-only',
      comment: 'proxyActivities<typeof activities>: the activities must not be loaded into the workflow bundle.',
      severity: 'error',
      from: { path: '^src/workflows/' },
      to: { path: '^src/activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-never-import-api',
      comment: 'api -> services -> store: use cases do not know about HTTP; shared schemas live in src/contracts.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'services-load-no-database-client',
      comment:
        'Data access is in src/store: services take the client as `import type { Db }` and call store functions; ' +
        "they load neither Prisma nor the store's client factory (src/generated is outside the cruise: reached only " +
        'through src/store/db.ts).',
      severity: 'error',
      from: { path: '^src/services/' },
      to: {
        path: ['^node_modules/@prisma/', '^src/store/db\\.ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'store-never-imports-services-or-api',
      comment: 'api -> services -> store: data access does not call back into use cases or routes.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(services|api)/' },
    },
    {
      name: 'executors-git-security-import-neither-api-nor-services',
      comment: 'What runs on a task host (processes, git, crypto) is below the use cases and the HTTP layer.',
      severity: 'error',
      from: { path: '^src/(executors|git|security)/' },
      to: { path: '^src/(api|services)/' },
    },
    {
      name: 'only-the-journal-writes-task-statuses-and-output',
      comment:
        "A task's status and log lines are written through src/journal, which tells the live bus and its other " +
        'listeners: a write that went around it would be stored and never streamed.',
      severity: 'error',
      from: { pathNot: ['^src/journal/', '^src/store/task-(journal|output)[.]ts$'] },
      to: { path: '^src/store/task-(journal|output)[.]ts$' },
    },
  ],
  options: {
    preserveSymlinks: true,
    doNotFollow: { path: '^node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
