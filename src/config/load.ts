// Loads the settings as Semaphore does (semaphore-behaviour.md §8): a JSON file, then environment
// variables over it, then defaults, then one validation that lists every problem at once, each
// with its key and where its value came from, secret values masked.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { type SettingLeaf, settingLeaves } from './setting-leaves.ts';
import { type Settings, settingsSchema, settingsShape } from './settings/index.ts';

/** Where Semaphore looks for its file when none is named (after `./config.json`). */
export const DEFAULT_CONFIG_FILES = ['/usr/local/etc/semaphore/config.json', '/etc/semaphore/config.json'];

export interface LoadOptions {
  /** `--config <path>`: this file, which must exist. */
  configPath?: string;
  /** `--no-config`: no file, even if one is found. */
  noConfig?: boolean;
  /** Where `./config.json` is looked for (the working directory). */
  cwd?: string;
  /** Replaces the system-wide places searched after `./config.json` (tests). */
  searchPaths?: string[];
}

export interface LoadedSettings {
  settings: Settings;
  /** The file's values with the environment's over them, before validation. */
  raw: Record<string, unknown>;
  /** The file read, if any. */
  file?: string;
  /** For each setting (dotted key) set by the file or the environment: where from. */
  sources: Map<string, string>;
  /** Keys of the file that no setting reads (Semaphore's that Signalman has no use for, or typos). */
  unused: string[];
}

/** Every problem with the configuration, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const LEAVES: SettingLeaf[] = settingLeaves(settingsShape);
const keyOf = (path: (string | number | symbol)[]) => path.map(String).join('.');

/** The file to read: named, or the first that exists of Semaphore's places. */
export function configFile(env: NodeJS.ProcessEnv, options: LoadOptions = {}): { path?: string; named: boolean } {
  if (options.noConfig) return { named: false };
  const named = options.configPath || env.SIGNALMAN_CONFIG_PATH || env.SEMAPHORE_CONFIG_PATH;
  if (named) return { path: resolve(options.cwd ?? process.cwd(), named), named: true };
  const places = [
    resolve(options.cwd ?? process.cwd(), 'config.json'),
    ...(options.searchPaths ?? DEFAULT_CONFIG_FILES),
  ];
  return { path: places.find((p) => existsSync(p)), named: false };
}

function readFile(path: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(
      `config file ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`config file ${path}: must hold a JSON object`);
  } catch (err) {
    problems.push(`config file ${path}: not JSON (${(err as Error).message})`);
  }
  return {};
}

/** An environment variable's text as the setting's type; text that does not fit is passed on for the schema to refuse. */
function cast(leaf: SettingLeaf, text: string): { value: unknown } | { error: string } {
  if (leaf.cast === 'bool') {
    const word = text.trim().toLowerCase();
    if (['1', 'true', 'yes'].includes(word)) return { value: true };
    if (['0', 'false', 'no'].includes(word)) return { value: false };
    return { value: text };
  }
  if (leaf.cast === 'int') return { value: /^\s*-?\d+\s*$/.test(text) ? Number(text) : text };
  if (leaf.cast === 'json') {
    try {
      return { value: JSON.parse(text) };
    } catch (err) {
      return { error: `not JSON (${(err as Error).message})` };
    }
  }
  return { value: text };
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function getAt(source: unknown, path: string[]): unknown {
  let node = source;
  for (const key of path)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** The setting an issue is about: the leaf whose path starts the issue's path. */
function leafOf(path: string[]): SettingLeaf | undefined {
  return LEAVES.find((leaf) => leaf.path.every((key, i) => path[i] === key));
}

const WANTED: Record<string, string> = {
  bool: 'must be true or false (in the environment: 1, true, yes, 0, false or no)',
  int: 'must be a whole number',
  json: 'has the wrong shape',
  string: 'must be text',
};

/** Secret values that appear in `message`, replaced by ***. */
export function maskSecrets(message: string, raw: unknown): string {
  let out = message;
  for (const leaf of LEAVES) {
    if (!leaf.secret) continue;
    const value = getAt(raw, leaf.path);
    const texts = typeof value === 'string' ? [value] : value === undefined ? [] : [JSON.stringify(value)];
    for (const text of texts) if (text.length >= 3) out = out.split(text).join('***');
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, sources: Map<string, string>): string {
  const path = issue.path.map(String);
  const leaf = leafOf(path);
  const key = keyOf(path);
  const source = leaf ? sources.get(keyOf(leaf.path)) : undefined;
  const message =
    issue.code === 'invalid_type' && leaf && leaf.path.length === path.length
      ? WANTED[leaf.cast]
      : issue.code === 'invalid_key'
        ? (issue.issues[0]?.message ?? issue.message)
        : issue.message;
  return maskSecrets(`${key}${source ? ` (${source})` : ''}: ${message}`, raw);
}

/** Keys of the file that no setting reads. */
function unusedKeys(file: Record<string, unknown>): string[] {
  const known = new Set(LEAVES.map((leaf) => keyOf(leaf.path)));
  const blocks = new Set(
    LEAVES.flatMap((leaf) => leaf.path.slice(0, -1).map((_, i) => keyOf(leaf.path.slice(0, i + 1)))),
  );
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const path = keyOf([...prefix, key]);
      if (known.has(path)) continue;
      if (blocks.has(path) && typeof value === 'object' && value !== null && !Array.isArray(value))
        walk(value as Record<string, unknown>, [...prefix, key]);
      else out.push(path);
    }
  };
  walk(file, []);
  return out;
}

/** The settings from the file and the environment, or every problem with them. */
export function readSettings(
  env: NodeJS.ProcessEnv,
  options: LoadOptions = {},
): Omit<LoadedSettings, 'settings'> & { settings?: Settings; problems: string[] } {
  const problems: string[] = [];
  const { path: file, named } = configFile(env, options);
  const fromFile = file && (named || existsSync(file)) ? readFile(file, problems) : {};
  const sources = new Map<string, string>();
  const raw: Record<string, unknown> = structuredClone(fromFile);
  for (const leaf of LEAVES) {
    const key = keyOf(leaf.path);
    if (getAt(fromFile, leaf.path) !== undefined) sources.set(key, `${file}`);
    const name = leaf.env.find((n) => (env[n] ?? '').trim() !== '');
    if (!name) continue;
    const result = cast(leaf, env[name] as string);
    if ('error' in result) {
      problems.push(`${key} (${name}): ${result.error}`);
      continue;
    }
    setAt(raw, leaf.path, result.value);
    sources.set(key, name);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, raw, sources)));
  const settings = parsed.success && problems.length === 0 ? parsed.data : undefined;
  return { settings, problems, raw, file, sources, unused: unusedKeys(fromFile) };
}

/** The settings from the file and the environment; throws a ConfigError listing every problem. */
export function loadSettings(env: NodeJS.ProcessEnv, options: LoadOptions = {}): LoadedSettings {
  const { settings, problems, ...rest } = readSettings(env, options);
  if (!settings) throw new ConfigError(problems);
  return { settings, ...rest };
}

/** A warning when the file can be read by every user of the host (it may hold passwords and keys). */
export function fileExposure(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    if ((statSync(path).mode & 0o004) === 0) return undefined;
  } catch {
    return undefined;
  }
  return `warning: ${path} can be read by every user of this host, and settings may hold passwords and keys: chmod 600 it (or 640 for a group the server runs as)`;
}
