// A real browser for the web UI's tests: Debian's `chromium` package driven by playwright-core
// (installed with the UI's packages in web/node_modules; Playwright's own browser download cannot
// work here). `.ci/run` installs chromium with apt; without it the browser tests are skipped.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '../../web/node_modules/playwright-core/index.js';

const CHROMIUM_PATHS = [process.env.SIGNALMAN_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const chromiumPath = CHROMIUM_PATHS.find((p): p is string => Boolean(p && existsSync(p)));

/** Why the browser tests cannot run here, or false. */
export const browserSkip = chromiumPath
  ? false
  : "Debian's chromium package is not installed (`apt-get install -y chromium`; .ci/run installs it)";

export async function launchChromium(): Promise<Browser> {
  const web = resolve(import.meta.dirname, '../../web');
  const entry = join(
    dirname(createRequire(resolve(web, 'package.json')).resolve('playwright-core/package.json')),
    'index.mjs',
  );
  const { chromium } = (await import(
    pathToFileURL(entry).href
  )) as typeof import('../../web/node_modules/playwright-core/index.js');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // As root (CI containers), chromium refuses to start with its sandbox.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
