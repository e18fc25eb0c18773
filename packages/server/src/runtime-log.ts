/** The few log calls background work makes (pino's signature); buildApp points it at the app's logger. */
export interface LogTarget {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Where work outside a request (database and Redis health, the revocation feed, webhook sends) writes its
 * lines. It exists before the HTTP app (which owns the configured logger) and forwards to it once set.
 */
export class RuntimeLog implements LogTarget {
  private target: LogTarget | undefined;

  use(target: LogTarget): void {
    this.target = target;
  }

  info(obj: object, msg: string): void {
    this.target?.info(obj, msg);
  }

  warn(obj: object, msg: string): void {
    this.target?.warn(obj, msg);
  }

  error(obj: object, msg: string): void {
    this.target?.error(obj, msg);
  }
}

/**
 * Up/down state of one dependency, logged once per change rather than once per failed call: "unavailable"
 * with the first error, "available again" on the first success after it.
 */
export class DependencyHealth {
  up = true;

  constructor(
    private readonly name: string,
    private readonly log: LogTarget,
  ) {}

  failed(err: unknown): void {
    if (!this.up) return;
    this.up = false;
    this.log.warn({ dependency: this.name, err }, `${this.name} unavailable`);
  }

  succeeded(): void {
    if (this.up) return;
    this.up = true;
    this.log.info({ dependency: this.name }, `${this.name} available again`);
  }
}
