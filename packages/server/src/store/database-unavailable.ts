/**
 * A database that cannot answer now (connection refused, reset or timed out, server shutting down, a
 * statement or lock wait over its limit) is a fault of a dependency, not of the request: every surface
 * answers it with 503 and `Retry-After` (docs/deployment.md, "Failures and timeouts").
 */
export class DatabaseUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DatabaseUnavailable';
  }
}

/**
 * PostgreSQL SQLSTATE classes and codes that say "not now" rather than "not this": connection exceptions
 * (08), insufficient resources (53), operator intervention (57: statement_timeout's 57014, shutdowns),
 * lock_not_available, idle-in-transaction timeout, and serialization failures and deadlocks (40001, 40P01).
 */
const POSTGRES_UNAVAILABLE = /^(08|53|57)|^(55P03|25P03|40001|40P01)$/;
/** SQLite: the busy timeout ran out, or the file cannot be read or written. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;

export function isPostgresUnavailableCode(code: unknown): boolean {
  return typeof code === 'string' && POSTGRES_UNAVAILABLE.test(code);
}

/** Whether `err` means the database could not answer (see {@link DatabaseUnavailable}). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailable) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLITE_UNAVAILABLE.test(code);
}
