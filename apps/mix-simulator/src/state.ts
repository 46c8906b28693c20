import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What survives a restart: the clock, so a restarted simulator continues instead of repeating. */
export interface SimulatorState {
  seed: string;
  /** Until when items were generated (the last save). */
  clockMs: number;
  /** How many times the simulator has restarted on this state (new random streams each time). */
  restarts: number;
}

/** The saved state for this seed, or undefined (no file, unreadable, or another seed's). */
export function loadState(path: string, seed: string): SimulatorState | undefined {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<SimulatorState>;
    if (state.seed !== seed || typeof state.clockMs !== 'number' || typeof state.restarts !== 'number')
      return undefined;
    return { seed, clockMs: Math.min(state.clockMs, Date.now()), restarts: state.restarts };
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (a crash mid-write leaves the previous one). */
export function saveState(path: string, state: SimulatorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
