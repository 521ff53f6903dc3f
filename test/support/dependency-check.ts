// Runs dependency-cruiser with .dependency-cruiser.cjs, and finds cycles between the top folders of
// src/ in its module graph (the rule `no-cycles-between-folders`, see the config's header).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from '../../src/paths.ts';

export interface CruisedModule {
  source: string;
  dependencies: Array<{ resolved: string; dependencyTypes: string[] }>;
}

export interface CruiseResult {
  modules: CruisedModule[];
  summary: { violations: Array<{ from: string; to: string; rule: { name: string; severity: string } }> };
}

/** The cruise of `folder` (relative to `cwd`). */
export function cruise(folder: string, cwd = projectRoot): CruiseResult {
  const args = [folder, '--config', resolve(projectRoot, '.dependency-cruiser.cjs'), '--output-type', 'json'];
  const bin = resolve(projectRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  // Exit status 1 means "violations found": the JSON on stdout says which.
  try {
    return JSON.parse(execFileSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }));
  } catch (err) {
    const out = (err as { stdout?: string }).stdout;
    if (out) return JSON.parse(out);
    throw err;
  }
}

/** The rule violations as "rule: from → to" lines. */
export function brokenRules(result: CruiseResult): string[] {
  return result.summary.violations
    .filter((v) => v.rule.severity === 'error')
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

const topFolder = (path: string) => /^src\/([^/]+)\//.exec(path)?.[1];

/**
 * Groups of top folders of src/ that reach each other (strongly connected components of the folder
 * graph), each with the edges that hold it together. The workflows' type-only import of the
 * activities is not an edge: DESIGN.md allows it, and it loads nothing at run time.
 */
export function folderCycles(modules: CruisedModule[]): Array<{ folders: string[]; edges: string[] }> {
  const edges = new Map<string, Map<string, string>>();
  for (const m of modules) {
    const from = topFolder(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = topFolder(d.resolved);
      if (!to || to === from) continue;
      if (from === 'workflows' && to === 'activities' && d.dependencyTypes.includes('type-only')) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${m.source} → ${d.resolved}`);
    }
  }
  const reach = (start: string) => {
    const seen = new Set([start]);
    const todo = [start];
    while (todo.length) {
      for (const next of edges.get(todo.pop()!)?.keys() ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          todo.push(next);
        }
      }
    }
    return seen;
  };
  const folders = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
  const reachOf = new Map(folders.map((f) => [f, reach(f)]));
  const done = new Set<string>();
  const groups: Array<{ folders: string[]; edges: string[] }> = [];
  for (const f of folders) {
    if (done.has(f)) continue;
    const group = folders.filter((g) => reachOf.get(f)!.has(g) && reachOf.get(g)!.has(f));
    for (const g of group) done.add(g);
    if (group.length < 2) continue;
    const inside = group.flatMap((a) =>
      group.filter((b) => edges.get(a)?.has(b)).map((b) => `${a} > ${b} (${edges.get(a)!.get(b)})`),
    );
    groups.push({ folders: group, edges: inside });
  }
  return groups;
}
