// The one gate for task input: from a template, who asks, and what the task asks for, it decides
// what the task may change. Everything after it (storage, the run, the executors) reads only its
// result. The same rules run twice: when a task is created (any refusal is a 400 and nothing is
// stored) and when a run loads a stored task (rows from older versions or from a Semaphore
// database: what is not allowed is dropped, and each drop is reported).
//
// Semaphore's rules: `git_branch` and `commit_hash` only with allow_override_branch_in_task,
// `arguments` only with allow_override_args_in_task, `inventory_id`, `limit`, `tags`, `skip_tags`
// `debug` and `skip_galaxy_install` only where the template's task_params allow each. Ours on top: variables of a caller
// who cannot edit the template must be the template's survey variables; `ansible_*` variables only
// as declared survey variables; no variable may carry a name that makes a process run other code;
// another playbook only from a caller who may edit the template. An empty value is not an
// override: Semaphore's UI sends "", "[]", "{}" and false for fields nobody touched.
import { isDeniedProcessVariable } from './process-env-deny-list.ts';

/** What started the task: a user, a schedule, an integration (webhook), or a build's autorun. */
export type TaskOrigin = 'user' | 'schedule' | 'integration' | 'autorun';

export interface GateTemplate {
  app: string;
  playbook: string;
  gitBranch: string | null;
  inventoryId: number | null;
  allowOverrideArgsInTask: boolean;
  allowOverrideBranchInTask: boolean;
  /** The template's parsed `task_params` (allow_debug, allow_override_inventory, …). */
  taskParams: Record<string, unknown>;
  surveyVarNames: string[];
}

export interface GateCaller {
  /** Admin, or a member whose role may manage the project's resources (and so edit the template). */
  mayEditTemplate: boolean;
  origin: TaskOrigin;
}

/** What a task asks for, as the API receives it or as a task row stores it. */
export interface TaskRequest {
  playbook?: string | null;
  /** JSON object text: extra vars. */
  environment?: string | null;
  /** JSON object text: secret survey values. */
  secret?: string | null;
  /** JSON array-of-strings text. */
  arguments?: string | null;
  git_branch?: string | null;
  commit_hash?: string | null;
  inventory_id?: number | null;
  /** Semaphore's comma-separated host limit. */
  limit?: string | null;
  debug?: boolean | null;
  dry_run?: boolean | null;
  diff?: boolean | null;
  params?: Record<string, unknown> | null;
}

export interface TerraformRequest {
  plan: boolean;
  destroy: boolean;
  autoApprove: boolean;
  upgrade: boolean;
  reconfigure: boolean;
}

/** What the task may change, and nothing else. Null and empty mean "the template's". */
export interface AcceptedTaskInput {
  playbook: string | null;
  environment: Record<string, unknown>;
  secret: Record<string, unknown>;
  arguments: string[];
  gitBranch: string | null;
  commitHash: string | null;
  inventoryId: number | null;
  limit: string[];
  tags: string[];
  skipTags: string[];
  debug: boolean;
  debugLevel: number | null;
  /** No ansible-galaxy install before the playbook (allow_override_skip_galaxy_install). */
  skipGalaxyInstall: boolean;
  dryRun: boolean;
  diff: boolean;
  terraform: TerraformRequest;
}

export interface Refusal {
  field: string;
  why: string;
}

export interface GateResult {
  input: AcceptedTaskInput;
  /** Empty when everything asked for is allowed; else what was refused, each dropped from `input`. */
  refusals: Refusal[];
}

export const refusalText = (r: Refusal) => `${r.field}: ${r.why}`;

export const DEFAULT_DEBUG_LEVEL = 4;
const TERRAFORM_APPS = new Set(['terraform', 'tofu', 'terragrunt']);
/** Names that reach a command line as `name=value` (shell apps) or `-var name=value` (Terraform, which allows `-`). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TERRAFORM_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const COMMIT_HASH = /^[0-9a-f]{4,64}$/i;
const ANSIBLE_PREFIX = /^ansible_/i;

const ANSIBLE_PARAMS = [
  'debug',
  'debug_level',
  'dry_run',
  'diff',
  'limit',
  'tags',
  'skip_tags',
  'skip_galaxy_install',
] as const;
const TERRAFORM_PARAMS = ['plan', 'destroy', 'auto_approve', 'upgrade', 'reconfigure'] as const;
const KNOWN_PARAMS = new Set<string>([...ANSIBLE_PARAMS, ...TERRAFORM_PARAMS]);

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Semaphore's comma-separated lists (or arrays of them), without empty parts. */
export function splitList(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value.flatMap((v) => v.split(',')) : value.split(',');
  return parts.map((p) => p.trim()).filter(Boolean);
}

class Gate {
  readonly refusals: Refusal[] = [];
  constructor(
    readonly template: GateTemplate,
    readonly caller: GateCaller,
  ) {}

  refuse(field: string, why: string): null {
    this.refusals.push({ field, why });
    return null;
  }

  /** A template_params flag such as allow_override_limit is set. */
  allows(flag: string): boolean {
    return this.template.taskParams[flag] === true;
  }

  parseJson(field: string, text: string | null | undefined, kind: 'object' | 'array'): unknown {
    if (text == null || !text.trim()) return kind === 'object' ? {} : [];
    try {
      const value: unknown = JSON.parse(text);
      if (kind === 'object' ? isPlainObject(value) : Array.isArray(value)) return value;
    } catch {
      // reported below
    }
    return this.refuse(field, kind === 'object' ? 'must be a JSON object' : 'must be a JSON array of strings');
  }

  /** `environment` or `secret`: the variables the task sets, each name checked. */
  variables(field: 'environment' | 'secret', text: string | null | undefined): Record<string, unknown> {
    const parsed = this.parseJson(field, text, 'object') as Record<string, unknown> | null;
    if (!parsed) return {};
    const accepted: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(parsed)) {
      const why = this.variableProblem(name);
      if (why) this.refuse(field, why);
      else accepted[name] = value;
    }
    return accepted;
  }

  variableProblem(name: string): string | null {
    const declared = this.template.surveyVarNames.includes(name);
    const pattern = TERRAFORM_APPS.has(this.template.app) ? TERRAFORM_IDENTIFIER : IDENTIFIER;
    if (!pattern.test(name))
      return `variable name ${JSON.stringify(name)} must be an identifier (letters, digits and _, not starting with a digit)`;
    if (isDeniedProcessVariable(name))
      return `variable "${name}" is refused: it would change how processes of the task start`;
    if (ANSIBLE_PREFIX.test(name) && !declared) {
      return `variable "${name}" is refused: ansible_ variables change how ansible connects and runs, and only a survey variable of the template may set one`;
    }
    if (!this.caller.mayEditTemplate && !declared) {
      return `variable "${name}" is not a survey variable of the template; only members who may edit the template can set other variables`;
    }
    return null;
  }

  playbook(value: string | null | undefined): string | null {
    if (!value || value === this.template.playbook) return null;
    if (!this.caller.mayEditTemplate)
      return this.refuse('playbook', 'only members who may edit the template may run another playbook or script');
    if (value.split(/[\\/]/).includes('..'))
      return this.refuse('playbook', 'must stay inside the repository (no "..")');
    if (value.includes('\0')) return this.refuse('playbook', 'must not contain NUL');
    return value;
  }

  arguments(text: string | null | undefined): string[] {
    const parsed = this.parseJson('arguments', text, 'array') as unknown[] | null;
    if (!parsed?.length) return [];
    if (parsed.some((a) => typeof a !== 'string'))
      return this.refuse('arguments', 'must be a JSON array of strings') ?? [];
    if (!this.template.allowOverrideArgsInTask)
      return (
        this.refuse('arguments', 'the template does not allow arguments in tasks (allow_override_args_in_task)') ?? []
      );
    return parsed as string[];
  }

  gitBranch(value: string | null | undefined): string | null {
    if (!value || value === this.template.gitBranch) return null;
    if (!this.template.allowOverrideBranchInTask)
      return this.refuse(
        'git_branch',
        'the template does not allow another branch in tasks (allow_override_branch_in_task)',
      );
    if (value.startsWith('-')) return this.refuse('git_branch', 'must not start with "-"');
    return value;
  }

  commitHash(value: string | null | undefined): string | null {
    if (!value) return null;
    if (!this.template.allowOverrideBranchInTask)
      return this.refuse(
        'commit_hash',
        'the template does not allow another commit in tasks (allow_override_branch_in_task)',
      );
    if (!COMMIT_HASH.test(value)) return this.refuse('commit_hash', 'must be a commit hash');
    return value;
  }

  inventoryId(value: number | null | undefined): number | null {
    if (value == null || value === this.template.inventoryId) return null;
    if (!this.allows('allow_override_inventory'))
      return this.refuse(
        'inventory_id',
        'the template does not allow another inventory in tasks (allow_override_inventory)',
      );
    return value;
  }

  /** A list the template must allow (limit, tags, skip_tags), from any of the places a task may put it. */
  list(field: string, flag: string, values: Array<[string, unknown]>): string[] {
    const items: string[] = [];
    for (const [where, value] of values) {
      if (isEmptyValue(value)) continue;
      if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
        this.refuse(where, 'must be a comma-separated text or a list of texts');
        continue;
      }
      const parts = splitList(value as string | string[]);
      if (!parts.length) continue;
      if (!this.allows(flag)) {
        this.refuse(where, `the template does not allow ${field} in tasks (${flag})`);
        continue;
      }
      items.push(...parts);
    }
    return items;
  }

  flag(where: string, value: unknown): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') return this.refuse(where, 'must be true or false') ?? false;
    return value;
  }

  debug(request: TaskRequest, params: Record<string, unknown>): { debug: boolean; debugLevel: number | null } {
    const wanted = [
      this.flag('debug', request.debug) && 'debug',
      this.flag('params.debug', params.debug) && 'params.debug',
    ].filter(Boolean) as string[];
    let debug = wanted.length > 0;
    if (debug && !this.allows('allow_debug')) {
      for (const where of wanted) this.refuse(where, 'the template does not allow debug in tasks (allow_debug)');
      debug = false;
    }
    let debugLevel: number | null = null;
    const level = params.debug_level;
    if (level !== undefined && level !== null && level !== '') {
      if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 6) {
        this.refuse('params.debug_level', 'must be a whole number from 1 to 6');
      } else if (level !== DEFAULT_DEBUG_LEVEL && !this.allows('allow_debug')) {
        this.refuse('params.debug_level', 'the template does not allow debug in tasks (allow_debug)');
      } else {
        debugLevel = level;
      }
    }
    return { debug, debugLevel };
  }

  skipGalaxyInstall(params: Record<string, unknown>): boolean {
    if (!this.flag('params.skip_galaxy_install', params.skip_galaxy_install)) return false;
    if (!this.allows('allow_override_skip_galaxy_install'))
      return (
        this.refuse(
          'params.skip_galaxy_install',
          'the template does not allow skipping the galaxy install in tasks (allow_override_skip_galaxy_install)',
        ) ?? false
      );
    return true;
  }

  terraform(params: Record<string, unknown>): TerraformRequest {
    const tp = this.template.taskParams;
    let destroy = this.flag('params.destroy', params.destroy);
    if (destroy && tp.allow_destroy === false)
      destroy = this.refuse('params.destroy', 'the template does not allow destroy (allow_destroy)') ?? false;
    let autoApprove = this.flag('params.auto_approve', params.auto_approve);
    if (autoApprove && tp.auto_approve !== true && tp.allow_auto_approve !== true) {
      autoApprove =
        this.refuse('params.auto_approve', 'the template does not allow auto approve (allow_auto_approve)') ?? false;
    }
    return {
      plan: this.flag('params.plan', params.plan),
      destroy,
      autoApprove,
      upgrade: this.flag('params.upgrade', params.upgrade),
      reconfigure: this.flag('params.reconfigure', params.reconfigure),
    };
  }

  unknownParams(params: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(params)) {
      if (!KNOWN_PARAMS.has(key) && !isEmptyValue(value)) this.refuse(`params.${key}`, 'is not a task parameter');
    }
  }
}

export function gateTaskInput(template: GateTemplate, caller: GateCaller, request: TaskRequest): GateResult {
  const gate = new Gate(template, caller);
  let params: Record<string, unknown> = {};
  if (isPlainObject(request.params)) params = request.params;
  else if (request.params != null) gate.refuse('params', 'must be a JSON object');
  gate.unknownParams(params);
  const { debug, debugLevel } = gate.debug(request, params);
  const input: AcceptedTaskInput = {
    playbook: gate.playbook(request.playbook),
    environment: gate.variables('environment', request.environment),
    secret: gate.variables('secret', request.secret),
    arguments: gate.arguments(request.arguments),
    gitBranch: gate.gitBranch(request.git_branch),
    commitHash: gate.commitHash(request.commit_hash),
    inventoryId: gate.inventoryId(request.inventory_id),
    limit: gate.list('limit', 'allow_override_limit', [
      ['limit', request.limit],
      ['params.limit', params.limit],
    ]),
    tags: gate.list('tags', 'allow_override_tags', [['params.tags', params.tags]]),
    skipTags: gate.list('skip_tags', 'allow_override_skip_tags', [['params.skip_tags', params.skip_tags]]),
    debug,
    debugLevel,
    skipGalaxyInstall: gate.skipGalaxyInstall(params),
    dryRun: gate.flag('dry_run', request.dry_run) || gate.flag('params.dry_run', params.dry_run),
    diff: gate.flag('diff', request.diff) || gate.flag('params.diff', params.diff),
    terraform: gate.terraform(params),
  };
  return { input, refusals: gate.refusals };
}
