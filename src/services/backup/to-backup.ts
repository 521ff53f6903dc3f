// Project rows → Semaphore's backup document (§6.3, §6.4). Pure: the caller reads the rows and
// supplies the random suffix. Keys go out as name and type only; environment secrets not at all.
import { jsonColumn, type JsonColumn, type JsonColumnValue, type JsonTable } from '../../store/json-columns.ts';
import type { BackupDocument, BackupIntegration, BackupTemplate, ProjectSnapshot } from './format.ts';

/** Drops null and undefined fields, as Semaphore omits nil values. */
function compact<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

/**
 * Names that are unique within one type: the first object (by id) keeps its name, later
 * duplicates become "<name> - <suffix>", because references in a backup are by name.
 */
export function uniqueNames(rows: Array<{ id: number; name: string }>, suffix: () => string): Map<number, string> {
  const used = new Set<string>();
  const names = new Map<number, string>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    let name = row.name;
    while (used.has(name)) name = `${row.name} - ${suffix()}`;
    used.add(name);
    names.set(row.id, name);
  }
  return names;
}

/**
 * A JSON text column as the backup carries it: absent when nothing is stored (no text, or the JSON
 * `null` Semaphore writes for an empty list), otherwise read as everywhere else (src/store/json-columns.ts):
 * bad stored JSON fails the backup, naming the row, rather than being left out of it.
 */
function storedJson<T extends JsonTable, C extends JsonColumn<T>>(
  table: T,
  row: { id: number } & { [K in C]: string | null },
  column: C,
): JsonColumnValue<T, C> | undefined {
  const text = row[column]?.trim();
  if (!text || text === 'null') return undefined;
  return jsonColumn(table, row, column);
}
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function toBackup(s: ProjectSnapshot, suffix: () => string): BackupDocument {
  const keyNames = uniqueNames(s.keys, suffix);
  const repoNames = uniqueNames(s.repositories, suffix);
  const inventoryNames = uniqueNames(s.inventories, suffix);
  const envNames = uniqueNames(s.environments, suffix);
  const viewNames = uniqueNames(
    s.views.map((v) => ({ id: v.id, name: v.title })),
    suffix,
  );
  const templateNames = uniqueNames(s.templates, suffix);
  const integrationNames = uniqueNames(s.integrations, suffix);
  const name = (names: Map<number, string>, id: number | null) => (id === null ? undefined : names.get(id));

  const cronOf = new Map<number, string>();
  for (const sch of [...s.schedules].sort((a, b) => a.id - b.id)) {
    if (sch.type !== 'run_at' && sch.cron_format && !cronOf.has(sch.template_id))
      cronOf.set(sch.template_id, sch.cron_format);
  }

  const templates = s.templates.map(
    (t): BackupTemplate =>
      compact({
        name: templateNames.get(t.id)!,
        app: t.app,
        playbook: t.playbook,
        arguments: t.arguments,
        allow_override_args_in_task: t.allow_override_args_in_task,
        description: t.description,
        type: t.type,
        start_version: t.start_version,
        autorun: t.autorun,
        git_branch: t.git_branch,
        survey_vars: storedJson('template', t, 'survey_vars'),
        suppress_success_alerts: t.suppress_success_alerts,
        task_params: storedJson('template', t, 'task_params'),
        runner_tag: t.runner_tag,
        allow_override_branch_in_task: t.allow_override_branch_in_task,
        allow_parallel_tasks: t.allow_parallel_tasks,
        repository: name(repoNames, t.repository_id),
        inventory: name(inventoryNames, t.inventory_id),
        environment: name(envNames, t.environment_id),
        view: name(viewNames, t.view_id),
        build_template: name(templateNames, t.build_template_id),
        vaults: [...t.vaults]
          .sort((a, b) => a.id - b.id)
          .map((v) =>
            compact({ name: v.name, vault_key: name(keyNames, v.vault_key_id), type: v.type, script: v.script }),
          ),
        cron: cronOf.get(t.id),
      }),
  );

  const aliasesOf = (integrationId: number | null) =>
    s.aliases
      .filter((a) => a.integration_id === integrationId)
      .map((a) => a.alias)
      .sort();

  const integrations = s.integrations.map(
    (i): BackupIntegration =>
      compact({
        name: integrationNames.get(i.id)!,
        template: name(templateNames, i.template_id),
        auth_method: i.auth_method,
        auth_secret: name(keyNames, i.auth_secret_id),
        auth_header: i.auth_header,
        searchable: i.searchable,
        task_params: storedJson('integration', i, 'task_params'),
        aliases: aliasesOf(i.id),
        matchers: [...i.matchers]
          .sort((a, b) => a.id - b.id)
          .map((m) => ({
            name: m.name,
            match_type: m.match_type,
            method: m.method,
            body_data_type: m.body_data_type,
            key: m.key,
            value: m.value,
          })),
        extract_values: [...i.extract_values]
          .sort((a, b) => a.id - b.id)
          .map((v) => ({
            name: v.name,
            value_source: v.value_source,
            body_data_type: v.body_data_type,
            key: v.key,
            variable: v.variable,
          })),
      }),
  );

  return {
    meta: compact({
      name: s.project.name,
      alert: s.project.alert,
      alert_chat: s.project.alert_chat ?? undefined,
      max_parallel_tasks: s.project.max_parallel_tasks,
      type: s.project.type,
    }),
    templates: templates.sort(byName),
    repositories: s.repositories
      .map((r) =>
        compact({
          name: repoNames.get(r.id)!,
          git_url: r.git_url,
          git_branch: r.git_branch,
          ssh_key: name(keyNames, r.ssh_key_id),
        }),
      )
      .sort(byName),
    keys: s.keys.map((k) => ({ name: keyNames.get(k.id)!, type: k.type })).sort(byName),
    views: s.views
      .map((v) => ({ title: viewNames.get(v.id)!, position: v.position }))
      .sort((a, b) => a.position - b.position || byName({ name: a.title }, { name: b.title })),
    inventories: s.inventories
      .map((i) =>
        compact({
          name: inventoryNames.get(i.id)!,
          inventory: i.inventory,
          type: i.type,
          ssh_key: name(keyNames, i.ssh_key_id),
          become_key: name(keyNames, i.become_key_id),
          repository: name(repoNames, i.repository_id),
          runner_tag: i.runner_tag,
        }),
      )
      .sort(byName),
    environments: s.environments
      .map((e) => compact({ name: envNames.get(e.id)!, password: e.password, json: e.json, env: e.env }))
      .sort(byName),
    integrations: integrations.sort(byName),
    integration_aliases: aliasesOf(null),
  };
}
