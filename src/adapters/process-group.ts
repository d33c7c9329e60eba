/**
 * Signalling a child's whole process group, and telling whether any of it still runs.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';

const isWindows = process.platform === 'win32';

/**
 * Sends `signal` to the process group led by `pid` (the child was spawned `detached`, so its pid is
 * its group id). On Windows, where groups cannot be signalled, only the process itself is.
 * @returns false when no process of the group was left to signal.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(isWindows ? pid : -pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True while a process of the group led by `pid` is still running.
 *
 * On Linux, members that have exited but were not reaped (zombies) do not count: an orphan is
 * re-parented to PID 1, and PID 1 in a container often never reaps it, which would make an already
 * dead group look alive forever.
 */
export function isGroupAlive(pid: number): boolean {
  if (!signalGroup(pid, 0)) return false;
  if (process.platform !== 'linux') return true;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = _readStat(entry);
      if (stat !== undefined && stat.pgrp === pid && stat.state !== 'Z' && stat.state !== 'X') return true;
    }
    return false;
  } catch {
    return true;
  }
}

// --- Internal helpers ---

function _readStat(pid: string): { state: string; pgrp: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited while we were scanning
  }
  // The command name (field 2) may contain spaces and parentheses; fields after the last ')' are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  return state === undefined || !Number.isInteger(pgrp) ? undefined : { state, pgrp };
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Remembers a running process group so that it is killed if this process exits first (a detached
 * group would otherwise keep running as an orphan). Call {@link untrackGroup} once it is gone.
 */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  });
}

/** Forgets a process group registered with {@link trackGroup}. */
export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}
