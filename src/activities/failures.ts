// Failures Temporal should not retry: the task itself cannot run (its template, repository or
// inventory is gone, its stored data is not valid), and another attempt would find the same.
// They travel to the workflow as a non-retryable ApplicationFailure of type TASK_CANNOT_RUN, whose
// message says what is wrong; the workflow ends the task with that message in its log.
import { ApplicationFailure } from '@temporalio/common';
import { AppError } from '../services/errors.ts';
import { StoredJsonError } from '../store/json-columns.ts';
import { TASK_CANNOT_RUN } from '../workflows/failure-types.ts';

/** Runs `step`; a problem with the task itself (an AppError below 500, bad stored JSON) becomes a non-retryable failure. */
export async function failFastOnBadTask<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if ((err instanceof AppError && err.status < 500) || err instanceof StoredJsonError)
      throw ApplicationFailure.nonRetryable(err.message, TASK_CANNOT_RUN);
    throw err;
  }
}
