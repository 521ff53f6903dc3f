// Database errors that mean something to a user, so that services can turn them into typed errors
// instead of 500s. Prisma reports them with its own codes, or (from inside a driver adapter) as a
// DriverAdapterError whose `cause.kind` names the problem.

function prismaCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function adapterKind(err: unknown): string | undefined {
  const e = err as { name?: unknown; cause?: { kind?: unknown } } | null;
  return e?.name === 'DriverAdapterError' && typeof e.cause?.kind === 'string' ? e.cause.kind : undefined;
}

/** A unique constraint refused the write (another row already has that value). */
export function isUniqueViolation(err: unknown): boolean {
  return prismaCode(err) === 'P2002' || adapterKind(err) === 'UniqueConstraintViolation';
}

/** The row to update or delete was gone (deleted by another request in the meantime). */
export function isRecordMissing(err: unknown): boolean {
  return prismaCode(err) === 'P2025';
}
