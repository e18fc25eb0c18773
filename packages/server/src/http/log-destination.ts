import { destination } from 'pino';

/**
 * Where the JSON log lines go when stdout is not a developer's terminal (docs/adr/0028-buffered-log-destination.md).
 * Lines are gathered in memory and written to stdout in batches, one write per BATCH_BYTES or per
 * FLUSH_INTERVAL_MS, whichever comes first, instead of one write per line; whatever is still gathered
 * is written synchronously when the process exits, however it exits (process.exit, a fatal error).
 *
 * The writes themselves are synchronous (pino's sonic-boom destination with `sync: true`): no write is ever in flight on
 * another thread, so the exit flush writes everything, in order. When stdout is a non-blocking pipe
 * whose reader is behind (EAGAIN), a batch is kept and tried again later rather than waited for — until
 * MAX_BUFFERED_BYTES are waiting, from which point the server waits on its log reader, as it would with a
 * line-by-line destination, rather than grow without bound or drop lines.
 */
const BATCH_BYTES = 8 * 1024;
const FLUSH_INTERVAL_MS = 100;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** How long the exit flush waits on a reader that takes nothing; a process that exits must not hang. */
const EXIT_FLUSH_DEADLINE_MS = 5_000;

export interface LogDestination {
  write(line: string): void;
  /** Writes every gathered line now, waiting on a full pipe if it must (pino's `logger.flush()` calls it). */
  flush(done?: () => void): void;
}

interface WriteError extends Error {
  code?: string;
}

export function bufferedLogDestination(fd: number): LogDestination {
  let exitingSince: number | undefined;
  let retry: NodeJS.Timeout | undefined;
  const boom = destination({
    dest: fd,
    sync: true,
    minLength: BATCH_BYTES,
    periodicFlush: FLUSH_INTERVAL_MS,
    // false: keep the batch and carry on (retried below); true: sleep briefly and try again, blocking.
    retryEAGAIN: (_err: Error, writing: number, remaining: number) =>
      exitingSince !== undefined ? Date.now() - exitingSince < EXIT_FLUSH_DEADLINE_MS : writing + remaining > MAX_BUFFERED_BYTES,
  });
  boom.on('error', (err: WriteError) => {
    if (err.code === 'EAGAIN' || err.code === 'EBUSY') {
      retry ??= setTimeout(() => {
        retry = undefined;
        boom.flush();
      }, FLUSH_INTERVAL_MS).unref();
      return;
    }
    // The reader is gone (EPIPE) or stdout cannot be written at all: nothing more can be said there.
    boom.write = () => true;
    boom.flushSync = () => {};
  });
  const flushSync = () => {
    exitingSince ??= Date.now();
    try {
      boom.flushSync();
    } catch {
      // Stdout refused the last lines (EAGAIN past the deadline, EPIPE): there is nowhere left to write them.
    } finally {
      exitingSince = undefined;
    }
  };
  process.on('exit', flushSync);
  return {
    write: (line) => void boom.write(line),
    flush(done) {
      flushSync();
      done?.();
    },
  };
}

let stdoutDestination: LogDestination | undefined;

/** The one buffered destination of this process's stdout. */
export function stdoutLogDestination(): LogDestination {
  return (stdoutDestination ??= bufferedLogDestination(1));
}

/** Writes what the stdout destination has gathered, if this process made one. */
export function flushStdoutLog(): void {
  stdoutDestination?.flush();
}
