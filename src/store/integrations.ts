// Integrations (incoming webhooks) with their parts: matchers, extracted values, aliases, and the
// GitHub deliveries already taken.
import type { Db } from './db.ts';

export interface IntegrationFields {
  name: string;
  template_id: number;
  auth_method: string;
  auth_secret_id: number | null;
  auth_header: string | null;
  searchable: boolean;
  task_params: string | null;
}

export async function findIntegrations(db: Db, projectId: number) {
  return db.integration.findMany({ where: { project_id: projectId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export async function findIntegration(db: Db, projectId: number, integrationId: number) {
  return db.integration.findFirst({ where: { id: integrationId, project_id: projectId } });
}

export async function insertIntegration(db: Db, projectId: number, fields: IntegrationFields) {
  return db.integration.create({ data: { project_id: projectId, ...fields } });
}

export async function updateIntegration(db: Db, integrationId: number, fields: IntegrationFields): Promise<void> {
  await db.integration.update({ where: { id: integrationId }, data: fields });
}

/** Deletes the integration with its matchers, extracted values and aliases, all or nothing. */
export async function deleteIntegration(db: Db, integrationId: number): Promise<void> {
  await db.$transaction([
    db.integrationMatcher.deleteMany({ where: { integration_id: integrationId } }),
    db.integrationExtractValue.deleteMany({ where: { integration_id: integrationId } }),
    db.integrationAlias.deleteMany({ where: { integration_id: integrationId } }),
    db.integration.delete({ where: { id: integrationId } }),
  ]);
}

const withParts = { matchers: { orderBy: { id: 'asc' } }, extract_values: { orderBy: { id: 'asc' } } } as const;

/** Integrations with their matchers and extracted values, in id order: the searchable ones of every project. */
export async function findSearchableWithParts(db: Db) {
  return db.integration.findMany({ where: { searchable: true }, include: withParts, orderBy: { id: 'asc' } });
}

/** The integration `integrationId` of the project, or with null every integration of the project; with their parts. */
export async function findInProjectWithParts(db: Db, projectId: number, integrationId: number | null) {
  const where = integrationId === null ? { project_id: projectId } : { id: integrationId, project_id: projectId };
  return db.integration.findMany({ where, include: withParts, orderBy: { id: 'asc' } });
}

// Matchers

export interface MatcherFields {
  name: string;
  match_type: string;
  method: string;
  body_data_type: string;
  key: string;
  value: string;
}

export async function findMatchers(db: Db, integrationId: number) {
  return db.integrationMatcher.findMany({ where: { integration_id: integrationId }, orderBy: { id: 'asc' } });
}

export async function findMatcher(db: Db, integrationId: number, matcherId: number) {
  return db.integrationMatcher.findFirst({ where: { id: matcherId, integration_id: integrationId } });
}

export async function insertMatcher(db: Db, integrationId: number, fields: MatcherFields) {
  return db.integrationMatcher.create({ data: { integration_id: integrationId, ...fields } });
}

export async function updateMatcher(db: Db, matcherId: number, fields: MatcherFields): Promise<void> {
  await db.integrationMatcher.update({ where: { id: matcherId }, data: fields });
}

export async function deleteMatcher(db: Db, matcherId: number): Promise<void> {
  await db.integrationMatcher.delete({ where: { id: matcherId } });
}

// Extracted values

export interface ExtractValueFields {
  name: string;
  value_source: string;
  body_data_type: string;
  key: string;
  variable: string;
}

export async function findExtractValues(db: Db, integrationId: number) {
  return db.integrationExtractValue.findMany({ where: { integration_id: integrationId }, orderBy: { id: 'asc' } });
}

export async function findExtractValue(db: Db, integrationId: number, valueId: number) {
  return db.integrationExtractValue.findFirst({ where: { id: valueId, integration_id: integrationId } });
}

export async function insertExtractValue(db: Db, integrationId: number, fields: ExtractValueFields) {
  return db.integrationExtractValue.create({ data: { integration_id: integrationId, ...fields } });
}

export async function updateExtractValue(db: Db, valueId: number, fields: ExtractValueFields): Promise<void> {
  await db.integrationExtractValue.update({ where: { id: valueId }, data: fields });
}

export async function deleteExtractValue(db: Db, valueId: number): Promise<void> {
  await db.integrationExtractValue.delete({ where: { id: valueId } });
}

/** The names of an integration's matchers and extracted values, in id order. */
export async function partNames(db: Db, integrationId: number) {
  const [matchers, values] = await Promise.all([
    db.integrationMatcher.findMany({
      where: { integration_id: integrationId },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    }),
    db.integrationExtractValue.findMany({
      where: { integration_id: integrationId },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  return { matchers, values };
}

// Aliases: an alias names one integration, or with integration_id null, all of its project's.

export async function findAliases(db: Db, projectId: number, integrationId: number | null) {
  return db.integrationAlias.findMany({
    where: { project_id: projectId, integration_id: integrationId },
    orderBy: { id: 'asc' },
  });
}

export async function findAliasInScope(db: Db, projectId: number, integrationId: number | null, aliasId: number) {
  return db.integrationAlias.findFirst({
    where: { id: aliasId, project_id: projectId, integration_id: integrationId },
  });
}

export async function findAlias(db: Db, alias: string) {
  return db.integrationAlias.findUnique({ where: { alias } });
}

export async function aliasExists(db: Db, alias: string): Promise<boolean> {
  return (await db.integrationAlias.findUnique({ where: { alias }, select: { id: true } })) !== null;
}

/** Which of `aliases` are taken on this server. */
export async function takenAliases(db: Db, aliases: string[]): Promise<string[]> {
  const rows = await db.integrationAlias.findMany({ where: { alias: { in: aliases } }, select: { alias: true } });
  return rows.map((a) => a.alias);
}

export async function insertAlias(db: Db, alias: string, projectId: number, integrationId: number | null) {
  return db.integrationAlias.create({ data: { alias, project_id: projectId, integration_id: integrationId } });
}

export async function deleteAlias(db: Db, aliasId: number): Promise<void> {
  await db.integrationAlias.delete({ where: { id: aliasId } });
}

// GitHub deliveries taken (the primary key refuses a second record of one delivery).

/** Records the delivery; throws a unique violation (errors.ts) when it was recorded before. */
export async function insertDelivery(db: Db, integrationId: number, deliveryId: string, received: Date) {
  await db.integrationDelivery.create({
    data: { integration_id: integrationId, delivery_id: deliveryId, received },
  });
}

export async function deleteDeliveriesBefore(db: Db, before: Date): Promise<void> {
  await db.integrationDelivery.deleteMany({ where: { received: { lt: before } } });
}

export async function deleteDelivery(db: Db, integrationId: number, deliveryId: string): Promise<void> {
  await db.integrationDelivery.deleteMany({ where: { integration_id: integrationId, delivery_id: deliveryId } });
}
