import type PinoPretty from 'pino-pretty';
import { lazyRequire } from '../lazy-import.js';
import type { LogLevel } from '../config/config.js';
import { REQUEST_COMPLETED, REQUEST_INCOMING } from './access-log.js';

/**
 * How the log reads in a developer's terminal (docs/configuration.md, "Logs"): when stdout is a
 * terminal and the server listens on loopback only, lines are short and human (pino-pretty), and a
 * request is one line at `debug` — at `info` requests print nothing, so the start banner with the demo
 * login stays on screen. Anywhere else (a pipe, a file, a container, a server reachable from the
 * network) the log stays one JSON object per line for machines.
 *
 * The pretty form is a destination: every line is serialised by pino first, with the same
 * redaction and scrubbing as the JSON form, and only then reformatted.
 */
export function usesTerminalLog(host: string, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return stdout.isTTY === true && isLoopbackListen(host);
}

function isLoopbackListen(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

interface LogLine {
  level: number;
  time: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  [key: string]: unknown;
}

const DEBUG = 20;
/** Only a developer's terminal needs it: a node whose log is JSON never loads it. */
const pinoPretty = lazyRequire<typeof PinoPretty>('pino-pretty');

/** A pino destination that writes pretty lines to `out`; `level` is the configured log level. */
export function terminalLogDestination(
  level: LogLevel,
  out: { write(text: string): unknown } = process.stdout,
  colors = process.stdout.hasColors?.() ?? false,
) {
  const format = pinoPretty().prettyFactory({
    colorize: colors,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId',
    singleLine: true,
  });
  const requestsShown = level === 'debug' || level === 'trace';

  return {
    write(json: string): void {
      let line: LogLine;
      try {
        line = JSON.parse(json) as LogLine;
      } catch {
        out.write(json);
        return;
      }
      // The access log (http/access-log.ts): a request is one short line when it completes.
      if (line.msg === REQUEST_INCOMING) return;
      if (line.msg === REQUEST_COMPLETED) {
        if (!requestsShown) return;
        const request = line.req ? `${line.req.method ?? ''} ${line.req.url ?? ''}` : 'request';
        const ms = typeof line.responseTime === 'number' ? ` ${line.responseTime.toFixed(1)} ms` : '';
        out.write(format({ level: DEBUG, time: line.time, msg: `${request} → ${line.res?.statusCode ?? '?'}${ms}` }));
        return;
      }
      // The start banner says where the server listens; an unknown path is a request like any other.
      if (line.msg?.startsWith('Server listening at ') || /^Route \S+ not found$/.test(line.msg ?? '')) return;
      out.write(format(line));
    },
  };
}
