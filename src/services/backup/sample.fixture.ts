// A project snapshot with a bit of everything, for the backup mapping tests: duplicate names,
// build and deploy templates, schedules, vaults, an integration and aliases.
import type { ProjectSnapshot } from './format.ts';

type Tpl = ProjectSnapshot['templates'][number];
const template = (over: Partial<Tpl> & { id: number; name: string }): Tpl => ({
  app: 'bash',
  playbook: 'run.sh',
  arguments: null,
  allow_override_args_in_task: false,
  description: null,
  type: '',
  start_version: null,
  autorun: false,
  git_branch: null,
  survey_vars: null,
  suppress_success_alerts: false,
  task_params: null,
  runner_tag: null,
  allow_override_branch_in_task: false,
  allow_parallel_tasks: false,
  repository_id: 1,
  inventory_id: null,
  environment_id: null,
  view_id: null,
  build_template_id: null,
  vaults: [],
  ...over,
});

export function sampleSnapshot(): ProjectSnapshot {
  return {
    project: { name: 'homelab', alert: true, alert_chat: null, max_parallel_tasks: 2, type: '' },
    keys: [
      { id: 1, name: 'None', type: 'none' },
      { id: 2, name: 'deploy', type: 'ssh' },
      { id: 3, name: 'deploy', type: 'login_password' },
    ],
    repositories: [{ id: 1, name: 'repo', git_url: 'https://example.com/r.git', git_branch: 'main', ssh_key_id: 3 }],
    inventories: [
      {
        id: 1,
        name: 'prod',
        inventory: '[web]\nh1',
        type: 'static',
        ssh_key_id: 2,
        become_key_id: null,
        repository_id: null,
        runner_tag: null,
      },
      {
        id: 2,
        name: 'files',
        inventory: 'inv/hosts',
        type: 'file',
        ssh_key_id: null,
        become_key_id: 3,
        repository_id: 1,
        runner_tag: 'eu',
      },
    ],
    environments: [
      { id: 1, name: 'Empty', password: null, json: '{}', env: null },
      { id: 2, name: 'vars', password: null, json: '{"a":1}', env: '{"B":"2"}' },
    ],
    views: [
      { id: 1, title: 'Ops', position: 1 },
      { id: 2, title: 'Build', position: 0 },
    ],
    templates: [
      template({
        id: 1,
        name: 'build',
        type: 'build',
        start_version: '1.0.0',
        inventory_id: 1,
        environment_id: 2,
        view_id: 2,
        survey_vars: '[{"name":"who","title":"Who","required":true,"type":"","description":""}]',
        task_params: '{"allow_debug":true}',
        vaults: [{ id: 4, name: 'prod', vault_key_id: 3, type: 'password', script: null }],
      }),
      template({ id: 2, name: 'deploy', type: 'deploy', build_template_id: 1, autorun: true, arguments: '["-v"]' }),
      template({ id: 3, name: 'deploy', git_branch: 'dev' }),
    ],
    schedules: [
      { id: 1, template_id: 3, cron_format: '', type: 'run_at' },
      { id: 2, template_id: 3, cron_format: '0 3 * * *', type: '' },
      { id: 3, template_id: 3, cron_format: '5 4 * * *', type: '' },
    ],
    integrations: [
      {
        id: 1,
        name: 'hook',
        template_id: 2,
        auth_method: 'token',
        auth_secret_id: 2,
        auth_header: 'X-Token',
        searchable: false,
        task_params: null,
        matchers: [
          { id: 1, name: 'm', match_type: 'body', method: 'equals', body_data_type: 'json', key: 'ref', value: 'main' },
        ],
        extract_values: [
          { id: 1, name: 'v', value_source: 'body', body_data_type: 'json', key: 'sha', variable: 'SHA' },
        ],
      },
    ],
    aliases: [
      { alias: 'zzzproject', integration_id: null },
      { alias: 'hookalias', integration_id: 1 },
    ],
  };
}
