// Compiles Signalman for running (see build-info.mjs): the server into one ES module with
// esbuild, the workflow code into the bundle a Temporal worker loads. Run by setup whenever the
// sources changed; `node scripts/build.mjs` forces it. Writes to a temporary name first, so an
// interrupted build never leaves a half-written file that looks current.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleWorkflowCode } from '@temporalio/worker';
import { buildPaths, sourceHash } from './build-info.mjs';

export async function buildSignalman(root) {
  const paths = buildPaths(root);
  mkdirSync(paths.dir, { recursive: true });
  rmSync(paths.stamp, { force: true });
  const source = sourceHash(root);

  await build({
    entryPoints: [resolve(root, 'src/cli/main.ts')],
    outfile: `${paths.server}.tmp`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // node_modules stay where they are, loaded as usual
    logLevel: 'warning',
  });

  const { code } = await bundleWorkflowCode({
    workflowsPath: resolve(root, 'src/workflows/index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  writeFileSync(`${paths.workflows}.tmp`, code);

  renameSync(`${paths.server}.tmp`, paths.server);
  renameSync(`${paths.workflows}.tmp`, paths.workflows);
  writeFileSync(paths.stamp, JSON.stringify({ source, built: new Date().toISOString() }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildSignalman(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
  console.log('[build] .tools/build is current');
}
