// ansible-playbook's argument list and environment (semaphore-behaviour.md §3.5), as pure
// functions. Secrets never appear here: connection and become passwords travel in an owner-only
// vars file (`--extra-vars @file`) and vault passwords in owner-only files (`--vault-id name@file`),
// so nothing secret is visible in `ps` output.
// The playbook and the inventory are absolute paths (a name such as "-e…" cannot be an option), and
// limit, tags and skip tags are joined in the `--limit=` form, so a value starting with "-" stays a value.
import { isAbsolute } from 'node:path';
import { buildVarsEnv, type BuildVarsInput } from './build-vars.ts';

export interface AnsibleArgsInput {
  inventoryPath: string;
  /** Login of the inventory's ssh or login_password key (→ --user). */
  connectionLogin?: string;
  /** Login of the become key (→ --become-user). */
  becomeLogin?: string;
  /** Owner-only YAML/JSON file with ansible_password / ansible_become_password, when a key has one. */
  secretVarsFile?: string;
  debug?: boolean;
  /** 1–6, default 4 (-vvvv). */
  debugLevel?: number;
  diff?: boolean;
  dryRun?: boolean;
  /** `passwordFile`: an owner-only password file, or a script of the working copy that prints the password. */
  vaults?: Array<{ name: string; passwordFile: string }>;
  /** SIGNALMAN_SSH_PATH: an ssh config file ansible's ssh reads (`-F`), as upstream. */
  sshConfigPath?: string;
  /** The task's own variables in an owner-only YAML file with every text `!unsafe` (ansible-task-vars.ts); before extraVars, which win. */
  taskVarsFile?: string;
  /** Extra vars, already including semaphore_vars. */
  extraVars: Record<string, unknown>;
  /** Environment secrets of type `var`, passed as separate --extra-vars from an owner-only file. */
  varSecretsFile?: string;
  templateArgs?: string[];
  taskArgs?: string[];
  limit?: string[];
  tags?: string[];
  skipTags?: string[];
  playbook: string;
}

export class AnsibleArgumentError extends Error {
  override name = 'AnsibleArgumentError';
}

export function ansiblePlaybookArgs(input: AnsibleArgsInput): string[] {
  for (const [what, path] of [
    ['playbook', input.playbook],
    ['inventory', input.inventoryPath],
  ]) {
    if (!isAbsolute(path)) throw new AnsibleArgumentError(`${what} "${path}" must be an absolute path`);
  }
  const args = ['-i', input.inventoryPath];
  if (input.connectionLogin) args.push('--user', input.connectionLogin);
  if (input.becomeLogin) args.push('--become-user', input.becomeLogin);
  if (input.debug) args.push(`-${'v'.repeat(Math.min(6, Math.max(1, input.debugLevel ?? 4)))}`);
  if (input.diff) args.push('--diff');
  if (input.dryRun) args.push('--check');
  for (const vault of input.vaults ?? []) args.push(`--vault-id=${vault.name}@${vault.passwordFile}`);
  // ansible splits ssh_common_args as a shell would: the path is quoted (config refuses quotes in it).
  if (input.sshConfigPath) args.push(`--ssh-common-args=-F '${input.sshConfigPath}'`);
  if (input.taskVarsFile) args.push('--extra-vars', `@${input.taskVarsFile}`);
  args.push('--extra-vars', JSON.stringify(input.extraVars));
  if (input.secretVarsFile) args.push('--extra-vars', `@${input.secretVarsFile}`);
  if (input.varSecretsFile) args.push('--extra-vars', `@${input.varSecretsFile}`);
  args.push(...(input.templateArgs ?? []), ...(input.taskArgs ?? []));
  if (input.limit?.length) args.push(`--limit=${input.limit.join(',')}`);
  if (input.tags?.length) args.push(`--tags=${input.tags.join(',')}`);
  if (input.skipTags?.length) args.push(`--skip-tags=${input.skipTags.join(',')}`);
  args.push(input.playbook);
  return args;
}

export interface AnsibleEnvInput {
  path: string;
  home: string;
  cwd: string;
  envVars: Record<string, string>;
  sshAuthSock?: string;
  buildVars?: BuildVarsInput | null;
}

export function ansibleEnv(input: AnsibleEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    PYTHONUNBUFFERED: '1',
    ANSIBLE_FORCE_COLOR: 'True',
    PATH: input.path,
    HOME: input.home,
    PWD: input.cwd,
    ...input.envVars,
  };
  if (input.sshAuthSock) env.SSH_AUTH_SOCK = input.sshAuthSock;
  return { ...env, ...buildVarsEnv(input.buildVars) };
}

/** Splits Semaphore's comma-separated `limit` string into hosts, dropping empty parts. */
export function splitList(value: string | string[] | null | undefined): string[] {
  const parts = Array.isArray(value) ? value : (value ?? '').split(',');
  return parts.map((p) => p.trim()).filter(Boolean);
}
