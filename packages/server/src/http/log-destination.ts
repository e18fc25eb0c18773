import { writeSync } from 'node:fs';

/**
 * Where the JSON log lines go when stdout is not a developer's terminal (docs/adr/0028-buffered-log-destination.md).
 * Lines are gathered in memory and written to stdout in batches — one write once BATCH_CHARS have
 * gathered, and whatever has gathered FLUSH_INTERVAL_MS after the first line of a batch — instead of
 * one write per line; what is still gathered is written synchronously when the process exits, however
 * it exits (process.exit, an uncaught error).
 *
 * The writes are synchronous, from this thread: nothing is ever in flight elsewhere, so the exit flush
 * writes everything, in order. When stdout is a non-blocking pipe whose reader is behind (EAGAIN), the
 * unwritten bytes are kept and tried again later rather than waited for — until MAX_PENDING_BYTES wait,
 * from which point the server waits on its log reader, as a line-by-line destination would, rather than
 * grow without bound or drop lines.
 */
const BATCH_CHARS = 8 * 1024;
const FLUSH_INTERVAL_MS = 100;
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** How long the exit flush waits on a reader that takes nothing; a process that exits must not hang. */
const EXIT_FLUSH_DEADLINE_MS = 5_000;
/** How long to wait before trying a full pipe again, when waiting is what must happen. */
const FULL_PIPE_WAIT_MS = 10;

export interface LogDestination {
  write(line: string): void;
  /** Writes every gathered line now, waiting on a full pipe if it must (pino's `logger.flush()` calls it). */
  flush(done?: () => void): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);
const isFullPipe = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EBUSY';
};

class BatchedLogWriter implements LogDestination {
  private lines: string[] = [];
  private chars = 0;
  /** Bytes a write could not take (a full pipe), written before any later line. */
  private pending: Buffer | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The reader is gone (EPIPE) or stdout cannot be written: there is nowhere left to write. */
  private closed = false;

  constructor(private readonly fd: number) {
    process.on('exit', () => this.flushWaiting(Date.now() + EXIT_FLUSH_DEADLINE_MS));
  }

  write(line: string): void {
    if (this.closed) return;
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= BATCH_CHARS) this.writeOut();
    else this.timer ??= setTimeout(this.onTimer, FLUSH_INTERVAL_MS).unref();
  }

  flush(done?: () => void): void {
    this.flushWaiting(Infinity);
    done?.();
  }

  private readonly onTimer = () => {
    this.timer = undefined;
    this.writeOut();
  };

  /** Writes what it can without waiting; a full pipe keeps the rest for the timer, or waits once too much is kept. */
  private writeOut(): void {
    this.take();
    if (!this.pending) return;
    this.tryWrite();
    if (this.pending && this.pending.length > MAX_PENDING_BYTES) this.flushWaiting(Infinity);
    else if (this.pending) this.timer ??= setTimeout(this.onTimer, FLUSH_INTERVAL_MS).unref();
  }

  private flushWaiting(deadline: number): void {
    this.take();
    while (this.pending && !this.tryWrite() && Date.now() < deadline) sleep(FULL_PIPE_WAIT_MS);
  }

  /** Moves the gathered lines behind the pending bytes. */
  private take(): void {
    if (this.chars === 0 || this.closed) return;
    const text = Buffer.from(this.lines.join(''));
    this.lines = [];
    this.chars = 0;
    this.pending = this.pending ? Buffer.concat([this.pending, text]) : text;
  }

  /** One pass of writes: true when everything pending is written (or can never be), false on a full pipe. */
  private tryWrite(): boolean {
    while (this.pending) {
      try {
        const written = writeSync(this.fd, this.pending);
        this.pending = written < this.pending.length ? this.pending.subarray(written) : undefined;
      } catch (err) {
        if (isFullPipe(err)) return false;
        this.closed = true;
        this.pending = undefined;
        this.lines = [];
        this.chars = 0;
      }
    }
    return true;
  }
}

let stdoutDestination: LogDestination | undefined;

/** The one buffered destination of this process's stdout. */
export function stdoutLogDestination(): LogDestination {
  return (stdoutDestination ??= new BatchedLogWriter(1));
}

/** A buffered destination of another descriptor (a file, a pipe of a test's own). */
export function bufferedLogDestination(fd: number): LogDestination {
  return new BatchedLogWriter(fd);
}

/** Writes what the stdout destination has gathered, if this process made one. */
export function flushStdoutLog(): void {
  stdoutDestination?.flush();
}
