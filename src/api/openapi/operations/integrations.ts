// Integrations (incoming webhooks that run a template), their matchers, extracted values and
// aliases. Members may read; changing them needs manage_project_resources.
import { z } from 'zod';
import { Permission } from '../../../services/permissions.ts';
import { extractValueBody, integrationBody, matcherBody } from '../../../contracts/integrations.ts';
import { named, type ApiOperation } from '../operation.ts';
import { resourceOperations } from '../resource-operations.ts';
import { integration, integrationAlias, integrationExtractValue, integrationMatcher } from '../responses.ts';

const base = '/api/project/{project_id}/integrations';
const one = `${base}/{integration_id}`;
const access = { project: { write: Permission.manageProjectResources } };
/** An alias is the whole credential of an integration without an auth method: whoever knows it can run the
 * template. So only those who may change integrations see aliases (Semaphore shows them to every member). */
const aliasAccess = { project: { read: Permission.manageProjectResources, write: Permission.manageProjectResources } };

function aliasOperations(path: string, stem: string, whose: string): ApiOperation[] {
  const common = { tag: 'Integrations', access: aliasAccess } as const;
  return [
    {
      ...common,
      method: 'get',
      path,
      id: `list${stem}Aliases`,
      summary: `List ${whose} aliases`,
      response: {
        status: 200,
        description: 'The aliases as webhook addresses.',
        body: z.array(integrationAlias.schema),
      },
    },
    {
      ...common,
      method: 'post',
      path,
      id: `create${stem}Alias`,
      summary: `Create ${whose} alias`,
      description: 'Takes no body: the alias is a new random name.',
      response: { status: 200, description: 'The new alias.', body: integrationAlias },
    },
    {
      ...common,
      method: 'delete',
      path: `${path}/{alias_id}`,
      id: `delete${stem}Alias`,
      summary: `Delete ${whose} alias`,
      response: { status: 204, description: 'The alias no longer answers.' },
    },
  ];
}

const receiverDescription = [
  "Runs every integration the alias names: one integration (an integration's alias), all integrations of a project (a project's alias), " +
    'or every searchable integration (the server-wide alias, `SIGNALMAN_INTEGRATION_ALIAS`).',
  "For each, the request must prove itself as the integration's `auth_method` says (`github`: `X-Hub-Signature-256` is `sha256=` and the hex " +
    'HMAC-SHA256 of the body; `hmac`: the hex HMAC-SHA256 of the body in the `auth_header` header; `token`: the secret in that header), ' +
    "and all its matchers must hold. Then its template runs with the integration's `task_params` and the extracted values as `environment`, " +
    'with no user and `integration_id` set.',
  'The body is read as sent, of any content type, up to 2 MB. The answer is 204 whatever came of it (an unknown alias, a wrong signature, ' +
    "no match), as Semaphore's; the server log says why an integration started no task. HEAD starts nothing.",
].join('\n\n');

const webhookPayload = named(
  'WebhookPayload',
  z.unknown().describe('Anything: JSON for json matchers and values, any text for string ones.'),
);

function receiverOperation(method: 'get' | 'post' | 'options', id: string, summary: string): ApiOperation {
  return {
    method,
    path: '/api/integrations/{alias}',
    id,
    tag: 'Integrations',
    access: 'public',
    summary,
    description: receiverDescription,
    params: { alias: z.string() },
    ...(method === 'post' ? { body: { schema: webhookPayload, required: false } } : {}),
    standardErrors: [],
    response: { status: 204, description: "Received; any task it started is in its project's task list." },
    otherResponses: {
      400: 'The body cannot be read: cut short, or not compressed as its Content-Encoding says.',
      413: 'The body is larger than 2 MB.',
      415: 'The body is compressed with a Content-Encoding the server does not know.',
    },
  };
}

export const integrationOperations: ApiOperation[] = [
  receiverOperation('post', 'receiveWebhook', 'Receive a webhook'),
  receiverOperation('get', 'receiveWebhookByGet', 'Receive a webhook sent with GET'),
  receiverOperation('options', 'receiveWebhookByOptions', 'Receive a webhook sent with OPTIONS'),
  ...resourceOperations({
    base,
    param: 'integration_id',
    tag: 'Integrations',
    noun: 'integration',
    nouns: 'integrations',
    stem: 'Integration',
    stems: 'Integrations',
    body: named('IntegrationInput', integrationBody),
    response: integration,
    access,
  }),
  ...resourceOperations({
    base: `${one}/matchers`,
    param: 'matcher_id',
    tag: 'Integrations',
    noun: 'matcher',
    nouns: 'matchers',
    stem: 'IntegrationMatcher',
    stems: 'IntegrationMatchers',
    body: named('IntegrationMatcherInput', matcherBody),
    response: integrationMatcher,
    access,
    createdStatus: 200,
  }),
  ...resourceOperations({
    base: `${one}/values`,
    param: 'value_id',
    tag: 'Integrations',
    noun: 'extracted value',
    nouns: 'extracted values',
    stem: 'IntegrationExtractValue',
    stems: 'IntegrationExtractValues',
    body: named('IntegrationExtractValueInput', extractValueBody),
    response: integrationExtractValue,
    access,
  }),
  ...aliasOperations(`${base}/aliases`, 'Project', "the project's"),
  ...aliasOperations(`${one}/aliases`, 'Integration', "an integration's"),
];
