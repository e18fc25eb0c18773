// What the bench reads about processes from /proc: CPU time (all threads) and RSS.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';

const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/**
 * CPU time a process has used so far (user + system, every thread), in µs; 0 when it is gone. Read from
 * each thread's schedstat (nanoseconds) where the kernel has it, else from utime + stime in
 * /proc/<pid>/stat (clock ticks, 10 ms): the same quantity, the first far finer.
 */
export function cpuMicros(pid) {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'latin1').split(' ')[0]);
    return ns / 1000;
  } catch {
    return statMicros(pid);
  }
}

function statMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return 0;
  }
}

/** Resident set size in MiB (VmRSS) and its peak (VmHWM). */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Pins this process (all its threads, and the workers it starts later) to `cpu`. */
export function pinSelf(cpu) {
  try {
    execFileSync('taskset', ['-apc', String(cpu), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a bench server in its own node process pinned to core 0 (the load generator has core 1), with an
 * IPC channel for set-up requests made outside the measured windows. Resolves once it sends `ready`.
 */
export function startServer(script, env = {}, args = []) {
  const started = performance.now();
  const child = spawn('taskset', ['-c', '0', process.execPath, ...args, script], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  let seq = 0;
  const pending = new Map();
  return new Promise((resolve, reject) => {
    const early = (code) => reject(new Error(`${script} exited with ${code} before it was ready`));
    child.once('exit', early);
    child.on('message', (message) => {
      if (message.type === 'ready') {
        child.off('exit', early);
        child.on('exit', (code) => {
          for (const { fail } of pending.values()) fail(new Error(`${script} exited with ${code}`));
        });
        const startupMs = performance.now() - started;
        resolve({
          ...message,
          pid: child.pid,
          startupMs,
          /** Asks the server to do set-up work (make codes, tokens…) and resolves with its answer. */
          ask: (op, params = {}) =>
            new Promise((done, fail) => {
              const id = ++seq;
              pending.set(id, { done, fail });
              child.send({ id, op, ...params });
            }),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', (code, signal) => {
                if (process.env.BENCH_DEBUG) console.log('exit', code, signal);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      } else if (message.id && pending.has(message.id)) {
        const { done, fail } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) fail(new Error(message.error));
        else done(message.result);
      }
    });
  });
}

/** The server side of startServer's IPC: `handlers[op](params)` answers each request. */
export function serveRequests(handlers) {
  process.on('message', async (message) => {
    try {
      const handler = handlers[message.op];
      if (!handler) throw new Error(`unknown bench op ${message.op}`);
      process.send({ id: message.id, result: await handler(message) });
    } catch (err) {
      process.send({ id: message.id, error: String(err?.stack ?? err) });
    }
  });
}
