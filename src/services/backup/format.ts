// The shapes on both sides of a project backup: the rows read from the database (a snapshot) and
// Semaphore's backup document (§6.4). Field names are column names; references are by name.
import type { BackupTemplateFields } from '../../store/backups.ts';

export interface ProjectSnapshot {
  project: { name: string; alert: boolean; alert_chat: string | null; max_parallel_tasks: number; type: string };
  keys: Array<{ id: number; name: string; type: string }>;
  repositories: Array<{ id: number; name: string; git_url: string; git_branch: string; ssh_key_id: number }>;
  inventories: Array<{
    id: number;
    name: string;
    inventory: string;
    type: string;
    ssh_key_id: number | null;
    become_key_id: number | null;
    repository_id: number | null;
    runner_tag: string | null;
  }>;
  environments: Array<{ id: number; name: string; password: string | null; json: string; env: string | null }>;
  views: Array<{ id: number; title: string; position: number }>;
  templates: Array<
    BackupTemplateFields & {
      id: number;
      repository_id: number;
      inventory_id: number | null;
      environment_id: number | null;
      view_id: number | null;
      build_template_id: number | null;
      vaults: Array<{
        id: number;
        name: string | null;
        vault_key_id: number | null;
        type: string;
        script: string | null;
      }>;
    }
  >;
  schedules: Array<{ id: number; template_id: number; cron_format: string; type: string }>;
  integrations: Array<{
    id: number;
    name: string;
    template_id: number;
    auth_method: string;
    auth_secret_id: number | null;
    auth_header: string | null;
    searchable: boolean;
    task_params: string | null;
    matchers: Array<{
      id: number;
      name: string;
      match_type: string;
      method: string;
      body_data_type: string;
      key: string;
      value: string;
    }>;
    extract_values: Array<{
      id: number;
      name: string;
      value_source: string;
      body_data_type: string;
      key: string;
      variable: string;
    }>;
  }>;
  aliases: Array<{ alias: string; integration_id: number | null }>;
}

export interface BackupDocument {
  meta: { name: string; alert: boolean; alert_chat?: string; max_parallel_tasks: number; type: string };
  templates: BackupTemplate[];
  repositories: Array<{ name: string; git_url: string; git_branch: string; ssh_key?: string }>;
  keys: Array<{ name: string; type: string }>;
  views: Array<{ title: string; position: number }>;
  inventories: Array<{
    name: string;
    inventory: string;
    type: string;
    ssh_key?: string;
    become_key?: string;
    repository?: string;
    runner_tag?: string;
  }>;
  environments: Array<{ name: string; password?: string; json: string; env?: string }>;
  integrations: BackupIntegration[];
  integration_aliases: string[];
}

export interface BackupTemplate {
  name: string;
  app: string;
  playbook: string;
  arguments?: string;
  allow_override_args_in_task: boolean;
  description?: string;
  type: string;
  start_version?: string;
  autorun: boolean;
  git_branch?: string;
  survey_vars?: unknown[];
  suppress_success_alerts: boolean;
  task_params?: Record<string, unknown>;
  runner_tag?: string;
  allow_override_branch_in_task: boolean;
  allow_parallel_tasks: boolean;
  repository?: string;
  inventory?: string;
  environment?: string;
  view?: string;
  build_template?: string;
  vaults: Array<{ name?: string; vault_key?: string; type: string; script?: string }>;
  cron?: string;
}

export interface BackupIntegration {
  name: string;
  template?: string;
  auth_method: string;
  auth_secret?: string;
  auth_header?: string;
  searchable: boolean;
  task_params?: Record<string, unknown>;
  aliases: string[];
  matchers: Array<{
    name: string;
    match_type: string;
    method: string;
    body_data_type: string;
    key: string;
    value: string;
  }>;
  extract_values: Array<{ name: string; value_source: string; body_data_type: string; key: string; variable: string }>;
}
