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

/**
 * Collects every field problem of a form before failing, so a surface can show them all at once; the message of
 * the thrown error lists them too (the CLI prints it as one line).
 */
export class FieldProblems {
  private readonly found: Array<{ field: string; message: string }> = [];

  add(field: string, message: string): void {
    this.found.push({ field, message });
  }

  /** Runs one check; a validation failure it throws is kept and `undefined` returned. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof PlatformError) || err.code !== 'validation') throw err;
      this.found.push(...err.details);
      return undefined;
    }
  }

  /** As `check`, for a check that waits (a URL whose name is resolved). */
  async checkAsync<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof PlatformError) || err.code !== 'validation') throw err;
      this.found.push(...err.details);
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.found.length === 0) return;
    const message = this.found.length === 1 ? this.found[0]!.message : `${this.found.length} problems: ${this.found.map((p) => p.message).join('; ')}`;
    throw new PlatformError('validation', message, [...this.found]);
  }
}
