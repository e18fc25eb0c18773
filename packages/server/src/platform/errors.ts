/**
 * Business-rule failures. Each surface (Data API JSON, dashboard page, CLI line) renders them in its own
 * format; `message` is always safe to show.
 */
export type PlatformErrorCode = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'limit_reached';

export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    /** Field-level problems, for inline form messages and Data API `details`. */
    readonly details: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export const notFound = (what: string) => new PlatformError('not_found', `${what} not found`);
export const validation = (field: string, message: string) => new PlatformError('validation', message, [{ field, message }]);
