// Semaphore's backup document → the rows a restore writes, in the order of §6.4. Pure: it checks
// everything that can be checked without the database (unique names, references that resolve,
// deploy templates with a build template, valid cron), so that a bad backup writes nothing.
import type { BackupBody, BackupTemplateBody } from '../../contracts/backup.ts';
import { BadRequestError } from '../errors.ts';
import { cronProblem } from '../../domain/cron-format.ts';
import { vaultScriptProblem } from '../../domain/vault-script.ts';
import type { PlannedTemplate, RestorePlan } from '../../store/backups.ts';

export type { PlannedTemplate, RestorePlan } from '../../store/backups.ts';

const TERRAFORM_APPS = new Set(['terraform', 'tofu', 'terragrunt']);

export interface PlanOptions {
  /** Aliases already used on this server: restored integrations get fresh ones instead. */
  takenAliases: ReadonlySet<string>;
  newAlias: () => string;
}

function problem(path: string, message: string): never {
  throw new BadRequestError(`${path}: ${message}`);
}

/** The set of names of one type, refusing duplicates. */
function namesOf(section: string, names: string[], what: string): Set<string> {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n))
      problem(`${section}.${i}.name`, `"${n}" names more than one ${what}; names must be unique per type`);
    seen.add(n);
  });
  return seen;
}

function resolve(names: Set<string>, value: string | null | undefined, path: string, what: string): string | null {
  if (value == null) return null;
  if (!names.has(value)) problem(path, `no ${what} named "${value}" in the backup`);
  return value;
}

export function planRestore(b: BackupBody, opts: PlanOptions): RestorePlan {
  const keys = namesOf(
    'keys',
    b.keys.map((k) => k.name),
    'key',
  );
  const repos = namesOf(
    'repositories',
    b.repositories.map((r) => r.name),
    'repository',
  );
  const inventories = namesOf(
    'inventories',
    b.inventories.map((i) => i.name),
    'inventory',
  );
  const envs = namesOf(
    'environments',
    b.environments.map((e) => e.name),
    'environment',
  );
  const views = namesOf(
    'views',
    b.views.map((v) => v.title),
    'view',
  );
  const templates = namesOf(
    'templates',
    b.templates.map((t) => t.name),
    'template',
  );
  namesOf(
    'integrations',
    b.integrations.map((i) => i.name),
    'integration',
  );
  const deploys = new Set(b.templates.filter((t) => t.type === 'deploy').map((t) => t.name));

  const repositoriesPlan = b.repositories.map((r, i) => ({
    name: r.name,
    git_url: r.git_url,
    git_branch: r.git_branch,
    ssh_key: resolve(keys, r.ssh_key, `repositories.${i}.ssh_key`, 'key')!,
  }));

  const inventoriesPlan = b.inventories.map((inv, i) => {
    if (inv.type === 'file' && inv.inventory.split('/').includes('..'))
      problem(`inventories.${i}.inventory`, 'a file inventory path must not contain ".."');
    return {
      name: inv.name,
      inventory: inv.inventory,
      type: inv.type,
      runner_tag: inv.runner_tag ?? null,
      ssh_key: resolve(keys, inv.ssh_key, `inventories.${i}.ssh_key`, 'key'),
      become_key: resolve(keys, inv.become_key, `inventories.${i}.become_key`, 'key'),
      repository: resolve(repos, inv.repository, `inventories.${i}.repository`, 'repository'),
    };
  });

  const planTemplate = (t: BackupTemplateBody, i: number): PlannedTemplate => {
    const at = `templates.${i}`;
    if (!TERRAFORM_APPS.has(t.app) && !t.playbook.trim()) problem(`${at}.playbook`, 'is required');
    if (t.playbook.split(/[\\/]/).includes('..'))
      problem(`${at}.playbook`, 'must stay inside the repository (no "..")');
    if (t.type === 'deploy') {
      if (!t.build_template) problem(`${at}.build_template`, 'is required for deploy templates');
      if (t.build_template === t.name) problem(`${at}.build_template`, 'a template cannot be its own build template');
      if (deploys.has(t.build_template))
        problem(`${at}.build_template`, `"${t.build_template}" is a deploy template; a build template must not be one`);
    }
    const cron = t.cron?.trim() ? t.cron.trim() : null;
    if (cron) {
      const wrong = cronProblem(cron);
      if (wrong) problem(`${at}.cron`, wrong);
    }
    const vaults = t.vaults?.length
      ? t.vaults
      : t.vault_key
        ? [{ name: null, vault_key: t.vault_key, type: 'password' as const, script: null }]
        : [];
    return {
      row: {
        name: t.name,
        app: t.app,
        playbook: t.playbook,
        arguments: t.arguments ?? null,
        allow_override_args_in_task: t.allow_override_args_in_task,
        description: t.description ?? null,
        type: t.type,
        start_version: t.start_version ?? null,
        autorun: t.autorun,
        git_branch: t.git_branch ?? null,
        survey_vars: t.survey_vars ? JSON.stringify(t.survey_vars) : null,
        suppress_success_alerts: t.suppress_success_alerts,
        task_params: t.task_params ? JSON.stringify(t.task_params) : null,
        runner_tag: t.runner_tag ?? null,
        allow_override_branch_in_task: t.allow_override_branch_in_task,
        allow_parallel_tasks: t.allow_parallel_tasks,
      },
      repository: resolve(repos, t.repository, `${at}.repository`, 'repository')!,
      inventory: resolve(inventories, t.inventory, `${at}.inventory`, 'inventory'),
      environment: resolve(envs, t.environment, `${at}.environment`, 'environment'),
      view: resolve(views, t.view, `${at}.view`, 'view'),
      build_template: resolve(templates, t.build_template, `${at}.build_template`, 'template'),
      vaults: vaults.map((v, j) => {
        const wrong = v.type === 'script' ? vaultScriptProblem(v.script ?? '') : null;
        if (wrong) problem(`${at}.vaults.${j}.script`, wrong);
        return {
          name: v.name ?? null,
          type: v.type,
          script: v.script ?? null,
          vault_key: resolve(keys, v.vault_key, `${at}.vaults.${j}.vault_key`, 'key'),
        };
      }),
      cron,
    };
  };
  const plannedTemplates = b.templates.map(planTemplate);
  const ordered = [
    ...plannedTemplates.filter((t) => t.row.type !== 'deploy'),
    ...plannedTemplates.filter((t) => t.row.type === 'deploy'),
  ];

  const seenAliases = new Set<string>();
  const aliasFor = (alias: string, path: string): string => {
    if (seenAliases.has(alias)) problem(path, `alias "${alias}" appears more than once in the backup`);
    seenAliases.add(alias);
    return opts.takenAliases.has(alias) ? opts.newAlias() : alias;
  };

  const integrations = b.integrations.map((g, i) => ({
    row: {
      name: g.name,
      auth_method: g.auth_method,
      auth_header: g.auth_header ?? null,
      searchable: g.searchable,
      task_params: g.task_params ? JSON.stringify(g.task_params) : null,
    },
    template: resolve(templates, g.template, `integrations.${i}.template`, 'template')!,
    auth_secret: resolve(keys, g.auth_secret, `integrations.${i}.auth_secret`, 'key'),
    aliases: (g.aliases ?? []).map((a, j) => aliasFor(a, `integrations.${i}.aliases.${j}`)),
    matchers: g.matchers ?? [],
    extract_values: g.extract_values ?? [],
  }));

  return {
    project: {
      name: b.meta.name,
      alert: b.meta.alert,
      alert_chat: b.meta.alert_chat ?? null,
      max_parallel_tasks: b.meta.max_parallel_tasks,
      type: b.meta.type,
    },
    environments: b.environments.map((e) => ({
      name: e.name,
      password: e.password ?? null,
      json: e.json || '{}',
      env: e.env ?? null,
    })),
    views: b.views,
    keys: b.keys,
    repositories: repositoriesPlan,
    inventories: inventoriesPlan,
    templates: ordered,
    integrations,
    projectAliases: b.integration_aliases.map((a, j) => aliasFor(a, `integration_aliases.${j}`)),
  };
}
