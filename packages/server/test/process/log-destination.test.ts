import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The built module, as the server runs it: `npm test` builds before running tests. */
const DESTINATION = fileURLToPath(new URL('../../dist/http/log-destination.js', import.meta.url));
if (!existsSync(DESTINATION)) throw new Error(`${DESTINATION} is missing: run \`npm run build\` first (npm test does)`);
const SERVER_PACKAGE = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A process that logs through the stdout destination (http/log-destination.ts) and then ends as `how`
 * says: `exit` (process.exit), `throw` (an uncaught error) or `stay` (one line, then it idles until killed).
 * It writes to stdout itself first, as the server's start banner does, which leaves a pipe non-blocking.
 */
const CHILD = `
process.stdout.write('banner\\n');
const { pino } = await import('pino');
const { stdoutLogDestination } = await import(${JSON.stringify(DESTINATION)});
const log = pino({}, stdoutLogDestination());
const [how, total] = process.argv.slice(1);
if (how === 'stay') {
  log.info({ i: 0 }, 'alone');
  setTimeout(() => {}, 60_000);
} else {
  let i = 0;
  const burst = () => {
    for (let k = 0; k < 500 && i < Number(total); k++) log.info({ i: i++ }, 'line');
    if (i < Number(total)) return setImmediate(burst);
    log.info({ i: i++ }, 'last');
    if (how === 'throw') throw new Error('fatal');
    process.exit(0);
  };
  burst();
}
`;

interface Run {
  /** Sequence numbers of the JSON lines read, in the order they arrived. */
  seen: number[];
  code: number | null;
}

function runChild(how: 'exit' | 'throw', total: number, options: { readerPausesMs?: number } = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, how, String(total)], {
    cwd: SERVER_PACKAGE,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const seen: number[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8');
  if (options.readerPausesMs) {
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), options.readerPausesMs);
  }
  child.stdout.on('data', (chunk: string) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) seen.push((JSON.parse(line) as { i: number }).i);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ seen, code })));
}

const inOrder = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the buffered stdout log destination', { timeout: 60_000 }, () => {
  it('writes every line, in order, when the process exits right after logging them', async () => {
    const run = await runChild('exit', 20_000);
    expect(run.code).toBe(0);
    expect(run.seen).toEqual(inOrder(20_001));
  });

  it('writes every line when the process dies of an uncaught error', async () => {
    const run = await runChild('throw', 20_000);
    expect(run.code).toBe(1);
    expect(run.seen).toEqual(inOrder(20_001));
  });

  it('loses no line while the reader of the pipe is behind, nor at exit', async () => {
    // The pipe fills and stays full for a while: writes meet EAGAIN and are tried again later.
    const run = await runChild('exit', 50_000, { readerPausesMs: 500 });
    expect(run.code).toBe(0);
    expect(run.seen).toEqual(inOrder(50_001));
  });

  it('writes a lone line soon, without waiting for more lines or for the exit', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, 'stay'], {
      cwd: SERVER_PACKAGE,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let exited = false;
    child.on('exit', () => (exited = true));
    const line = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const found = out.split('\n').find((l) => l.includes('"msg":"alone"'));
        if (found) resolve(found);
      });
    });
    expect(exited).toBe(false);
    expect(JSON.parse(line)).toMatchObject({ i: 0, msg: 'alone' });
    child.kill();
  });
});
