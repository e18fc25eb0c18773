import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Bindings = Record<string, unknown>;
type LogFn = (...args: unknown[]) => void;
type PinoLike = FastifyBaseLogger & { levels?: { values: Record<string, number> } };

/**
 * Fastify makes a child logger for every request. With the redaction this project configures, pino
 * spends ~6 µs building each child's bindings — more than a cached Data API read costs — although at the
 * usual levels most requests log nothing. A LazyChildLogger defers the child until a line at an enabled
 * level is written, so a silent request pays nothing and a logged one gets the same child as before.
 * Methods live on the prototype: one small object per request, no closures.
 */
class LazyChildLogger {
  private instance: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: PinoLike,
    private readonly bindings: Bindings,
    private readonly opts: Bindings & { level?: string },
  ) {}

  private real(): FastifyBaseLogger {
    return (this.instance ??= this.parent.child(this.bindings, this.opts));
  }

  get level(): string {
    return this.instance?.level ?? this.opts.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  isLevelEnabled(level: string): boolean {
    const values = this.parent.levels?.values;
    if (!values || !(level in values)) return true;
    const threshold = values[this.level] ?? Infinity; // 'silent' has no value: nothing is enabled
    return values[level]! >= threshold;
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.real()[level] as LogFn)(...args);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, opts?: Bindings): FastifyBaseLogger {
    return this.real().child(bindings, opts);
  }
}

export const lazyChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, opts) =>
  new LazyChildLogger(logger, bindings, opts as Bindings) as unknown as FastifyBaseLogger;
