// GitHub deliveries taken once. GitHub names every delivery (X-GitHub-Delivery, a GUID) and sends
// it again, with the same name, when it did not see an answer in time or someone presses
// "Redeliver". An integration that checks GitHub's signature records each delivery it acts on, in
// a table whose primary key makes the second of two concurrent identical deliveries fail to record,
// so only one starts a task. Records older than DELIVERY_MEMORY_DAYS are pruned as new ones arrive.
import type { Db } from '../store/db.ts';
import { deleteDeliveriesBefore, deleteDelivery, insertDelivery } from '../store/integrations.ts';
import { isUniqueViolation } from '../store/errors.ts';

export const DELIVERY_HEADER = 'x-github-delivery';
export const DELIVERY_MEMORY_DAYS = 14;
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/** Why a delivery name cannot be recorded; null when it can. */
export function deliveryIdProblem(id: string): string | null {
  return DELIVERY_ID.test(id) ? null : 'X-GitHub-Delivery must be 1 to 200 printable ASCII characters';
}

/** True when this integration had not taken the delivery yet (and now has); false for a repeat. */
export async function claimDelivery(
  db: Db,
  integrationId: number,
  deliveryId: string,
  now = Date.now(),
): Promise<boolean> {
  await deleteDeliveriesBefore(db, new Date(now - DELIVERY_MEMORY_DAYS * 86_400_000));
  try {
    await insertDelivery(db, integrationId, deliveryId, new Date(now));
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Forgets a delivery that started nothing after all (the task could not be created), so a redelivery may. */
export async function releaseDelivery(db: Db, integrationId: number, deliveryId: string): Promise<void> {
  await deleteDelivery(db, integrationId, deliveryId);
}
