// Matchers of an integration: conditions on a request's headers or body that must all hold
// for the integration to run its template.
import type { Db } from '../store/db.ts';
import {
  deleteMatcher as deleteMatcherRow,
  findMatcher,
  findMatchers,
  insertMatcher,
  updateMatcher as updateMatcherRow,
} from '../store/integrations.ts';
import type { MatcherBody } from '../contracts/integrations.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import { getIntegration } from './integrations.ts';
import type { Caller } from './permissions.ts';

export async function listMatchers(db: Db, projectId: number, integrationId: number) {
  await getIntegration(db, projectId, integrationId);
  return findMatchers(db, integrationId);
}

export async function getMatcher(db: Db, projectId: number, integrationId: number, matcherId: number) {
  await getIntegration(db, projectId, integrationId);
  const matcher = await findMatcher(db, integrationId, matcherId);
  if (!matcher) throw new NotFoundError(`matcher ${matcherId} not found in integration ${integrationId}`);
  return matcher;
}

function checkMatcher(body: MatcherBody) {
  if (body.match_type === 'body' && !body.body_data_type)
    throw new BadRequestError('body_data_type: is required for a body matcher');
  const wholeBody = body.match_type === 'body' && body.body_data_type === 'string';
  if (!wholeBody && !body.key.trim()) {
    throw new BadRequestError(
      `key: is required for a ${body.match_type === 'header' ? 'header' : `${body.body_data_type} body`} matcher`,
    );
  }
}

const fields = (body: MatcherBody) => ({
  name: body.name,
  match_type: body.match_type,
  method: body.method,
  body_data_type: body.body_data_type,
  key: body.key,
  value: body.value,
});

const event = (caller: Caller, projectId: number, id: number, description: string) => ({
  user_id: caller.id,
  project_id: projectId,
  object_type: 'integrationmatcher',
  object_id: id,
  description,
});

export async function createMatcher(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  body: MatcherBody,
) {
  await getIntegration(db, projectId, integrationId);
  checkMatcher(body);
  const matcher = await insertMatcher(db, integrationId, fields(body));
  await writeEvent(db, event(caller, projectId, matcher.id, `Integration matcher ${matcher.name} created`));
  return matcher;
}

export async function updateMatcher(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  matcherId: number,
  body: MatcherBody,
) {
  await getMatcher(db, projectId, integrationId, matcherId);
  checkMatcher(body);
  await updateMatcherRow(db, matcherId, fields(body));
  await writeEvent(db, event(caller, projectId, matcherId, `Integration matcher ${body.name} updated`));
}

/** Nothing refers to a matcher. */
export async function matcherRefs(db: Db, projectId: number, integrationId: number, matcherId: number) {
  await getMatcher(db, projectId, integrationId, matcherId);
  return { integrations: [] as Array<{ id: number; name: string }> };
}

export async function deleteMatcher(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  matcherId: number,
) {
  const matcher = await getMatcher(db, projectId, integrationId, matcherId);
  await deleteMatcherRow(db, matcherId);
  await writeEvent(db, event(caller, projectId, matcherId, `Integration matcher ${matcher.name} deleted`));
}
