import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const stripTerminal = (text: string) => stripVTControlCharacters(text).replace(/\r/g, '');

/**
 * Runs a shell command in a pseudo-terminal (util-linux `script`), so the program sees a TTY on
 * stdin, stdout and stderr as it does when a person types the command. `screen()` is everything the
 * terminal showed, without colours; `stop()` presses Ctrl-C and resolves with the exit code.
 */
export function startInTerminal(command: string, options: { cwd: string; env: Record<string, string> }) {
  // `script` runs the command with $SHELL; bash, as most people's, hands a single command its own process.
  const env = { SHELL: '/bin/bash', ...options.env };
  const terminal = spawn('script', ['--quiet', '--return', '--flush', '--command', command, '/dev/null'], { cwd: options.cwd, env, detached: true });
  let raw = '';
  terminal.stdout.on('data', (d) => {
    raw += d;
  });
  terminal.stderr.on('data', (d) => {
    raw += d;
  });
  const exited = new Promise<number | null>((resolve) => terminal.once('exit', (code) => resolve(code)));
  let stopped: Promise<number | null> | undefined;
  const screen = () => stripTerminal(raw);

  return {
    screen,
    exited,
    /** Resolves with the match once the terminal shows `pattern`; rejects if the program exits first. */
    waitFor: (pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(screen());
          if (!match) return;
          clearTimeout(deadline);
          terminal.stdout.off('data', check);
          resolve(match);
        };
        const deadline = setTimeout(() => {
          terminal.stdout.off('data', check);
          reject(new Error(`the terminal never showed ${pattern} in ${timeoutMs} ms:\n${screen().slice(-3000)}`));
        }, timeoutMs);
        terminal.stdout.on('data', check);
        void exited.then((code) => {
          clearTimeout(deadline);
          reject(new Error(`\`${command}\` exited (${code}) before showing ${pattern}:\n${screen().slice(-3000)}`));
        });
        check();
      }),
    stop: (): Promise<number | null> =>
      (stopped ??= (async () => {
        if (terminal.exitCode === null) terminal.stdin.write('\x03');
        const timer = setTimeout(() => {
          try {
            process.kill(-terminal.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 20_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })()),
  };
}
