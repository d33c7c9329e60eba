/**
 * Fragments: the tasks one clause (or a group of related clauses) contributes to the merged plan,
 * as plain data with local keys. The composer wires fragments into one DAG.
 * @module
 */
import type { RoleKey } from '../../allocate/roles.js';
import type { ClassifiedClause } from '../classify.js';
import type { EstimateKey } from '../estimates.js';

/** A task before it gets its id. */
export interface Draft {
  /** Key, unique within its fragment. */
  readonly key: string;
  /** Task title naming the user's nouns. */
  readonly title: string;
  /** Role key. */
  readonly role: RoleKey;
  /** Template step, for the estimate. */
  readonly step: EstimateKey;
  /** Display label of the phase. */
  readonly phase: string;
  /** Local keys this draft waits for; absent or empty means "the fragment's base". */
  readonly after?: readonly string[] | undefined;
  /** File globs it writes. */
  readonly touches?: readonly string[] | undefined;
  /** True for a task that executes something critical (a migration, a production deploy). */
  readonly critical?: boolean | undefined;
  /** Longer instructions. */
  readonly description?: string | undefined;
}

/**
 * Layers order fragments: data (0) before backend and foundations (1), before UI (2), before
 * wiring (3). A fragment's root tasks wait for the exits of the nearest lower non-empty layer.
 */
export type Layer = 0 | 1 | 2 | 3;

/** Area a fragment works in. */
export type FragmentArea = 'frontend' | 'backend' | 'database' | 'other';

/** The tasks one group of clauses contributes. */
export interface Fragment {
  /** Ordering layer. */
  readonly layer: Layer;
  /** Area, for shared test tasks. */
  readonly area: FragmentArea;
  /** Short noun phrase of what it changes, for shared titles ("Run tests for ..."). */
  readonly subject: string;
  /** Noun phrase for the shared documentation task (default: `subject`). */
  readonly docSubject?: string | undefined;
  /** Shared analysis stage drafts (roots of the plan). */
  readonly analysis: readonly Draft[];
  /** Work drafts. */
  readonly work: readonly Draft[];
  /** Keys later layers wait for (default: the sinks of `work`). */
  readonly exits?: readonly string[] | undefined;
  /** Test-writing drafts planned by default. */
  readonly tests: readonly Draft[];
  /** Test-writing drafts added when the request asks for tests in general. */
  readonly extraTests?: readonly Draft[] | undefined;
  /** True when the tests are the point of the fragment (a testing suite): they are always planned. */
  readonly testsAreTheWork?: boolean | undefined;
  /** True when the plan must run the test suite for it (migrations, fixes, refactors, ...). */
  readonly runsTests: boolean;
  /** Drafts that run after the testing stage (deploys). */
  readonly release?: readonly Draft[] | undefined;
  /** Documentation drafts that replace the shared docs task. */
  readonly docs?: readonly Draft[] | undefined;
  /** False when the fragment needs no documentation of its own. */
  readonly documented?: boolean | undefined;
}

/** A clause that leads a fragment, with the clauses that refine it ("Fix this issue", "Update all affected files"). */
export interface Group {
  /** The leading clause. */
  readonly primary: ClassifiedClause;
  /** Refining clauses. */
  readonly extras: readonly ClassifiedClause[];
}

/** What fragment builders know about the whole request. */
export interface BuildContext {
  /** The feature the request is about ("dark mode"). */
  readonly topic: string | undefined;
  /** Name of a React context the request adds ("theme"), for "the preference" → "theme preference". */
  readonly contextName: string | undefined;
  /** The request's pattern id. */
  readonly pattern: string;
  /** True when the request also changes the database schema (no separate data-requirements analysis). */
  readonly hasMigration: boolean;
}

/** Builds a draft; `after` lists local keys. */
export function draft(
  key: string,
  title: string,
  role: Draft['role'],
  step: EstimateKey,
  phase: string,
  extra: Omit<Partial<Draft>, 'key' | 'title' | 'role' | 'step' | 'phase'> = {},
): Draft {
  return { key, title, role, step, phase, ...extra };
}
