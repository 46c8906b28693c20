import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('../../..', import.meta.url).pathname;

/** A running `node bin/pioneira.mjs …` child and what it printed so far. */
export interface Child {
  name: string;
  process: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

/** Every child spawned by this test file, so `stopAll` can end the ones a failed test left behind. */
const children = new Set<Child>();

export function spawnPioneira(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['bin/pioneira.mjs', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // The tail is what explains a failure; a chatty child must not grow the test's memory.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: Child = { name, process: child, output: () => output, exited };
  children.add(handle);
  void exited.then(() => children.delete(handle));
  return handle;
}

export const running = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;

/** Waits until the child printed `pattern`; fails with its output when it exits or time runs out. */
export async function printed(child: Child, pattern: RegExp, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(child.output())) {
    if (!running(child) || Date.now() > deadline)
      throw new Error(`${child.name} did not print ${pattern}:\n${child.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** kill -9, then wait until the process is gone. */
export async function kill9(child: Child): Promise<void> {
  if (running(child)) child.process.kill('SIGKILL');
  await child.exited;
}

/** SIGTERM (graceful drain), SIGKILL after `ms`. */
export async function stop(child: Child, ms = 20_000): Promise<void> {
  if (!running(child)) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), ms);
  await child.exited;
  clearTimeout(timer);
}

/** Stops every child this file spawned that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stop(child, 10_000)));
}

/** Polls `probe` until it returns a truthy value; throws naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T>, ms = 120_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
