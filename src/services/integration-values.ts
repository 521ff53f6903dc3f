// Extracted values of an integration: parts of a request (a header, a body path, the whole body)
// that become variables of the task it starts.
import type { Db } from '../store/db.ts';
import {
  deleteExtractValue as deleteExtractValueRow,
  findExtractValue,
  findExtractValues,
  insertExtractValue,
  updateExtractValue as updateExtractValueRow,
} from '../store/integrations.ts';
import type { ExtractValueBody } from '../contracts/integrations.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import { getIntegration } from './integrations.ts';
import type { Caller } from './permissions.ts';

export async function listExtractValues(db: Db, projectId: number, integrationId: number) {
  await getIntegration(db, projectId, integrationId);
  return findExtractValues(db, integrationId);
}

export async function getExtractValue(db: Db, projectId: number, integrationId: number, valueId: number) {
  await getIntegration(db, projectId, integrationId);
  const value = await findExtractValue(db, integrationId, valueId);
  if (!value) throw new NotFoundError(`extracted value ${valueId} not found in integration ${integrationId}`);
  return value;
}

function checkExtractValue(body: ExtractValueBody) {
  if (body.value_source === 'body' && !body.body_data_type)
    throw new BadRequestError('body_data_type: is required when value_source is "body"');
  const wholeBody = body.value_source === 'body' && body.body_data_type === 'string';
  if (!wholeBody && !body.key.trim()) {
    throw new BadRequestError(
      `key: is required when extracting from ${body.value_source === 'header' ? 'a header' : `a ${body.body_data_type} body`}`,
    );
  }
}

const fields = (body: ExtractValueBody) => ({
  name: body.name,
  value_source: body.value_source,
  body_data_type: body.body_data_type,
  key: body.key,
  variable: body.variable,
});

const event = (caller: Caller, projectId: number, id: number, description: string) => ({
  user_id: caller.id,
  project_id: projectId,
  object_type: 'integrationextractvalue',
  object_id: id,
  description,
});

export async function createExtractValue(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  body: ExtractValueBody,
) {
  await getIntegration(db, projectId, integrationId);
  checkExtractValue(body);
  const value = await insertExtractValue(db, integrationId, fields(body));
  await writeEvent(db, event(caller, projectId, value.id, `Integration extracted value ${value.name} created`));
  return value;
}

export async function updateExtractValue(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  valueId: number,
  body: ExtractValueBody,
) {
  await getExtractValue(db, projectId, integrationId, valueId);
  checkExtractValue(body);
  await updateExtractValueRow(db, valueId, fields(body));
  await writeEvent(db, event(caller, projectId, valueId, `Integration extracted value ${body.name} updated`));
}

/** Nothing refers to an extracted value. */
export async function extractValueRefs(db: Db, projectId: number, integrationId: number, valueId: number) {
  await getExtractValue(db, projectId, integrationId, valueId);
  return { integrations: [] as Array<{ id: number; name: string }> };
}

export async function deleteExtractValue(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  valueId: number,
) {
  const value = await getExtractValue(db, projectId, integrationId, valueId);
  await deleteExtractValueRow(db, valueId);
  await writeEvent(db, event(caller, projectId, valueId, `Integration extracted value ${value.name} deleted`));
}
