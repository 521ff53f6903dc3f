// Integrations (incoming webhooks that run a template), their matchers, extracted values and
// aliases. Members may read; changing them needs manage_project_resources.
import { z } from 'zod';
import { Permission } from '../../../services/permissions.ts';
import { extractValueBody, integrationBody, matcherBody } from '../../schemas/integrations.ts';
import { named, type ApiOperation } from '../operation.ts';
import { resourceOperations } from '../resource-operations.ts';
import { integration, integrationAlias, integrationExtractValue, integrationMatcher } from '../responses.ts';

const base = '/api/project/{project_id}/integrations';
const one = `${base}/{integration_id}`;
const access = { project: { write: Permission.manageProjectResources } };

function aliasOperations(path: string, stem: string, whose: string): ApiOperation[] {
  const common = { tag: 'Integrations', access } as const;
  return [
    {
      ...common, method: 'get', path, id: `list${stem}Aliases`, summary: `List ${whose} aliases`,
      response: { status: 200, description: 'The aliases as webhook addresses.', body: z.array(integrationAlias.schema) },
    },
    {
      ...common, method: 'post', path, id: `create${stem}Alias`, summary: `Create ${whose} alias`,
      description: 'Takes no body: the alias is a new random name.',
      response: { status: 200, description: 'The new alias.', body: integrationAlias },
    },
    {
      ...common, method: 'delete', path: `${path}/{alias_id}`, id: `delete${stem}Alias`, summary: `Delete ${whose} alias`,
      response: { status: 204, description: 'The alias no longer answers.' },
    },
  ];
}

export const integrationOperations: ApiOperation[] = [
  ...resourceOperations({
    base, param: 'integration_id', tag: 'Integrations', noun: 'integration', nouns: 'integrations', stem: 'Integration', stems: 'Integrations',
    body: named('IntegrationInput', integrationBody), response: integration, access,
  }),
  ...resourceOperations({
    base: `${one}/matchers`, param: 'matcher_id', tag: 'Integrations', noun: 'matcher', nouns: 'matchers', stem: 'IntegrationMatcher',
    stems: 'IntegrationMatchers', body: named('IntegrationMatcherInput', matcherBody), response: integrationMatcher, access, createdStatus: 200,
  }),
  ...resourceOperations({
    base: `${one}/values`, param: 'value_id', tag: 'Integrations', noun: 'extracted value', nouns: 'extracted values',
    stem: 'IntegrationExtractValue', stems: 'IntegrationExtractValues', body: named('IntegrationExtractValueInput', extractValueBody),
    response: integrationExtractValue, access,
  }),
  ...aliasOperations(`${base}/aliases`, 'Project', 'the project\'s'),
  ...aliasOperations(`${one}/aliases`, 'Integration', 'an integration\'s'),
];
