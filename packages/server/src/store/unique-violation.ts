/**
 * True when a write failed on a unique or primary-key constraint. Check-then-insert inside a transaction
 * is not enough on PostgreSQL (READ COMMITTED lets two writers pass the check), so callers turn the
 * database's own refusal into a conflict.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // PostgreSQL SQLSTATE 23505 unique_violation; better-sqlite3 extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Re-throws a unique violation as `conflict`, anything else as it is. */
export function rethrowUniqueViolation(conflict: () => Error): (err: unknown) => never {
  return (err) => {
    throw isUniqueViolation(err) ? conflict() : err;
  };
}
