// Helpers for the adapter tests that drive the fake `claude` / `codex` executables of
// test/fixtures/agents/ (node scripts that print recorded transcripts and record their argv/stdin).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Absolute paths of the fake agents. */
export const FAKE_CLAUDE = join(import.meta.dirname, 'fixtures', 'agents', 'claude.cjs');
export const FAKE_CODEX = join(import.meta.dirname, 'fixtures', 'agents', 'codex.cjs');
export const FAKE_CLI = join(import.meta.dirname, 'fixtures', 'agents', 'cli-agent.cjs');

// git keeps the executable bit, but a checkout through other means may not.
for (const file of [FAKE_CLAUDE, FAKE_CODEX, FAKE_CLI]) chmodSync(file, 0o755);

/** What a fake agent recorded about one run. */
export interface AgentRecord {
  readonly agent: 'claude' | 'codex' | 'cli';
  readonly argv: string[];
  readonly stdin: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly pid: number;
  readonly scenario: string;
  readonly problem?: string;
  readonly grandchildPid?: number;
}

/** A temporary work tree and record file for one test. */
export interface Workspace {
  /** The work tree (real path). */
  readonly cwd: string;
  /** The record file the fakes append to. */
  readonly recordFile: string;
  /** Environment that points the fakes at the record file (plus `extra`). */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Records written so far. */
  records(): AgentRecord[];
  /** Deletes the workspace. */
  remove(): void;
}

/** Creates a {@link Workspace}. */
export function createWorkspace(): Workspace {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'wavefront-agent-')));
  const recordFile = join(root, 'record.jsonl');
  // The work tree is separate from the record file, so checks of cwd see only the agent's files.
  const cwd = join(root, 'repo');
  mkdirSync(cwd);
  return {
    cwd,
    recordFile,
    env: (extra = {}) => ({ FAKE_AGENT_RECORD: recordFile, ...extra }),
    records: () =>
      existsSync(recordFile)
        ? readFileSync(recordFile, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as AgentRecord)
        : [],
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** True while a process runs and is not a zombie (Linux /proc), else whether it can be signalled. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    if (process.platform === 'linux') return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
