import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

/**
 * `pioneira worker --roles mix` processes on a test's environment: `spawn()` starts one (its stderr is
 * printed if it dies on its own), `killAll()` ends those still running.
 */
export function mixWorkers(env: () => Record<string, string | undefined>) {
  const children: ChildProcess[] = [];
  return {
    spawn(): ChildProcess {
      const child = spawn(process.execPath, ['bin/pioneira.mjs', 'worker', '--roles', 'mix'], {
        cwd: root,
        env: { ...process.env, ...env() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('exit', (code, signal) => {
        if (code && code !== 0 && signal === null) console.error(`worker exited ${code}: ${stderr}`);
      });
      children.push(child);
      return child;
    },
    killAll() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Resolves once `child` has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** Polls `probe` every 100 ms until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
