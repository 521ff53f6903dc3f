// Errors that carry what the caller needs to fix the problem, each with its HTTP status.
// Services throw them; one middleware (src/api/error-handler.ts) turns them into responses.

export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'authentication required') {
    super(401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'you do not have permission to do this') {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

/** Deleting an object that others still reference: Semaphore answers 400 with `inUse: true`. */
export class InUseError extends AppError {
  constructor(message: string) {
    super(400, message, { inUse: true });
  }
}

/** Too many attempts: the answer carries `Retry-After` (seconds). */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}
