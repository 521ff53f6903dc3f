// The real OpenTofu that `npm run setup:tofu` builds into .tools/bin (on every task's PATH), and
// why tests that need it are skipped when it is not there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';

export const TOFU_VERSION = '1.10.6'; // scripts/tofu.mjs
export const tofuPath = resolve(loadConfig().toolsDir, 'bin/tofu');
const version = existsSync(tofuPath) ? spawnSync(tofuPath, ['version'], { encoding: 'utf8' }).stdout : '';

/** false when the real tofu is there; otherwise why not, as a skip reason. */
export const tofuSkip: false | string = version.includes(`OpenTofu v${TOFU_VERSION}`)
  ? false
  : `OpenTofu ${TOFU_VERSION} is not built in ${tofuPath}: run \`npm run setup:tofu\` (needs Go; about 5 minutes)`;
