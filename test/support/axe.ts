// axe-core (a devDependency of web/) run in a page of the browser tests: its serious and critical
// violations, evaluated outside the page's Content-Security-Policy.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Page } from '../../web/node_modules/playwright-core/index.js';

const axeSource = readFileSync(
  createRequire(resolve(import.meta.dirname, '../../web/package.json')).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; help: string; nodes: Array<{ target: string[] }> }) =>
          `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
  });
  return found as string[];
}
