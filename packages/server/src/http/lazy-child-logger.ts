import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import pino from 'pino';
import { jsonString } from './json-string.js';
import { scrubField, scrubLogLine } from './log-scrubber.js';

type Bindings = Record<string, unknown>;
type LogFn = (...args: unknown[]) => void;
type PinoLike = FastifyBaseLogger & { levels?: { values: Record<string, number> } };

const symbols = pino.symbols;
/** What pino keeps to begin each line of a logger: where it goes, the level and time, and the bound fields. */
interface PinoLine {
  [symbols.streamSym]?: { write(line: string): unknown };
  [symbols.lsCacheSym]: Record<number, string>;
  [symbols.timeSym](): string;
  [symbols.chindingsSym]: string;
}

/** A child's bindings as pino writes them after its parent's (`,"reqId":"…"`), scrubbed as its bindings formatter scrubs them. */
function boundFields(bindings: Bindings): string {
  let out = '';
  for (const key in bindings) {
    const value = scrubField(key, bindings[key]);
    if (value !== undefined) out += `,${jsonString(key)}:${typeof value === 'string' ? jsonString(value) : JSON.stringify(value)}`;
  }
  return out;
}

/**
 * Fastify makes a child logger for every request, and pino formats and serialises each child's bindings
 * (about 1.8 µs, docs/performance.md) although at the usual levels most requests log nothing. A LazyChildLogger defers the child until a line at an enabled
 * level is written, so a silent request pays nothing and a logged one gets the same child as before.
 * Methods live on the prototype: one small object per request, no closures.
 */
export class LazyChildLogger {
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

  /**
   * Writes a line of this logger at `level` whose own fields are already JSON (`fields`: `,"key":value…`),
   * beginning as pino begins this logger's lines (level, time, bindings) and going where they go, without
   * pino's serialisation, and without making the child. The line is scrubbed as every line is
   * (http/log-scrubber.ts); the bindings are scrubbed as pino's bindings formatter scrubs them.
   */
  writeFields(level: 'info', fields: string): void {
    const value = this.parent.levels?.values[level];
    if (value === undefined || !this.isLevelEnabled(level)) return;
    const from = (this.instance ?? this.parent) as unknown as PinoLine;
    const stream = from[symbols.streamSym];
    if (!stream) return; // not a pino logger: Fastify's null logger writes nothing
    let line = from[symbols.lsCacheSym][value]! + from[symbols.timeSym]() + from[symbols.chindingsSym];
    if (!this.instance) line += boundFields(this.bindings);
    stream.write(scrubLogLine(line + fields + '}\n'));
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
