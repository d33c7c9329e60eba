/**
 * Composes the fragments of a request into ONE DAG: a shared analysis stage, work by layer (data →
 * backend/foundation → UI → wiring), one shared testing stage, releases, then one documentation
 * stage. Every task depends only on tasks created before it, so the result is acyclic by construction.
 * @module
 */
import type { PatternId } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import type { Analysis, ClassifiedClause } from './classify.js';
import { classifyClause, needAsInstruction } from './classify.js';
import type { EstimateTable } from './estimates.js';
import { backendFeatureFragment, backendUpdateFragment, fullstackFeatureFragment } from './fragments/backend.js';
import { bugFragment, isGenericProblem } from './fragments/bug.js';
import { contextNameOf, frontendFeatureFragment, frontendUpdateFragment } from './fragments/frontend.js';
import { migrationFragment } from './fragments/migration.js';
import { dataOperationFragment, deployFragment, docsDraft, isGeneralDocs, otherFragment, upgradeFragment } from './fragments/misc.js';
import { cleanupFragment, refactorFragment, renameFragment } from './fragments/refactor.js';
import { manualTestDrafts, stageTestDraft, suiteFragment } from './fragments/testing.js';
import type { BuildContext, Draft, Fragment, Group } from './fragments/types.js';
import { draft } from './fragments/types.js';
import { expandTheming } from './expand.js';
import { TaskBuilder } from './task-builder.js';
import { joinList, unique } from './words.js';

/** Clauses that feed the shared stages instead of a fragment. */
interface Stage {
  general: boolean;
  readonly targeted: ClassifiedClause[];
  readonly manual: ClassifiedClause[];
  coverage: boolean;
  generalDocs: boolean;
  readonly docs: ClassifiedClause[];
}

const STAGE_KINDS = new Set(['need', 'context', 'tests', 'manual-tests', 'docs']);

function groupClauses(analysis: Analysis, pattern: PatternId): { groups: Group[]; stage: Stage } {
  const groups: { primary: ClassifiedClause; extras: ClassifiedClause[] }[] = [];
  const stage: Stage = { general: false, targeted: [], manual: [], coverage: false, generalDocs: false, docs: [] };
  const hasWork = analysis.clauses.some((clause) => !STAGE_KINDS.has(clause.kind) || (clause.kind === 'tests' && pattern === 'testing-suite'));
  let lastBug: { primary: ClassifiedClause; extras: ClassifiedClause[] } | undefined;
  for (const clause of analysis.clauses) {
    if (clause.withTests) stage.general = true;
    if (/\bcoverage\b/i.test(clause.clause.masked) && (clause.kind === 'tests' || clause.withTests)) stage.coverage = true;
    switch (clause.kind) {
      case 'need': {
        const instruction = hasWork ? undefined : needAsInstruction(clause.clause);
        if (instruction !== undefined) groups.push({ primary: classifyClause(instruction, undefined, analysis.frontendNeed), extras: [] });
        break;
      }
      case 'context':
        break;
      case 'bug':
      case 'symptom':
        if (clause.kind === 'bug' && lastBug !== undefined && isGenericProblem(clause)) lastBug.extras.push(clause);
        else {
          lastBug = { primary: clause, extras: [] };
          groups.push(lastBug);
        }
        break;
      case 'hardening':
        if (lastBug !== undefined) lastBug.extras.push(clause);
        else groups.push({ primary: clause, extras: [] });
        break;
      case 'follow-up': {
        const last = groups.at(-1);
        if (last !== undefined) last.extras.push(clause);
        else groups.push({ primary: clause, extras: [] });
        break;
      }
      case 'tests':
        if (pattern === 'testing-suite') groups.push({ primary: clause, extras: [] });
        else if (stageTestDraft(clause, 0) === undefined) stage.general = true;
        else stage.targeted.push(clause);
        break;
      case 'manual-tests':
        stage.manual.push(clause);
        break;
      case 'docs':
        if (isGeneralDocs(clause)) stage.generalDocs = true;
        else stage.docs.push(clause);
        break;
      default:
        groups.push({ primary: clause, extras: [] });
    }
  }
  const first = analysis.clauses[0];
  if (groups.length === 0 && stage.docs.length === 0 && !stage.generalDocs && first !== undefined) {
    groups.push({ primary: first, extras: [] });
  }
  return { groups, stage };
}

function fragmentOf(group: Group, context: BuildContext): Fragment {
  switch (group.primary.kind) {
    case 'migration': return migrationFragment(group);
    case 'data-op': return dataOperationFragment(group);
    case 'backend-feature': return backendFeatureFragment(group, context);
    case 'backend-update': return backendUpdateFragment(group);
    case 'fullstack-feature': return fullstackFeatureFragment(group, context);
    case 'frontend-feature': return frontendFeatureFragment(group, context);
    case 'frontend-update': return frontendUpdateFragment(group, context);
    case 'bug':
    case 'symptom': return bugFragment(group);
    case 'tests': return suiteFragment(group, context);
    case 'refactor': return refactorFragment(group);
    case 'cleanup': return cleanupFragment(group);
    case 'rename': return renameFragment(group);
    case 'deploy': return deployFragment(group);
    case 'upgrade': return upgradeFragment(group);
    default: return otherFragment(group);
  }
}

/** "a", "a and b", "a, b and c", "a, b and 3 more". */
function summarise(subjects: readonly string[]): string {
  const list = unique(subjects.filter((subject) => subject !== ''));
  if (list.length <= 3) return joinList(list);
  return `${list.slice(0, 2).join(', ')} and ${list.length - 2} more`;
}

/** Sink keys of a fragment's work (keys nothing else in the fragment waits for). */
function sinks(work: readonly Draft[]): string[] {
  const referenced = new Set(work.flatMap((item) => item.after ?? []));
  return work.filter((item) => !referenced.has(item.key)).map((item) => item.key);
}

interface Placed {
  readonly fragment: Fragment;
  readonly ids: Map<string, string>;
  analysis: string[];
  exits: string[];
  done: string[];
}

/** What the stages of one composition share. */
interface Composition {
  readonly analysis: Analysis;
  readonly pattern: PatternId;
  readonly stage: Stage;
  readonly builder: TaskBuilder;
  readonly placed: readonly Placed[];
  /** Noun phrase naming the whole request in shared titles. */
  readonly summary: string;
}

function resolveKeys(item: Placed, keys: readonly string[] | undefined): string[] {
  return (keys ?? []).map((key) => item.ids.get(key)).filter((id): id is string => id !== undefined);
}

/** Adds a fragment draft: after its own `after` keys, else after `fallback`. */
function place(composition: Composition, item: Placed, each: Draft, fallback: readonly string[]): string {
  const after = resolveKeys(item, each.after);
  const id = composition.builder.add(each, after.length > 0 ? after : fallback);
  item.ids.set(each.key, id);
  return id;
}

/** Shared analysis: every fragment's analysis tasks are roots. */
function placeAnalysis(composition: Composition): void {
  for (const item of composition.placed) item.analysis = unique(item.fragment.analysis.map((each) => place(composition, item, each, [])));
}

/** Work by layer: a fragment's roots wait for its own analysis and the exits of the nearest lower layer. */
function placeWork(composition: Composition): void {
  let previousExits: string[] = [];
  for (const layer of [0, 1, 2, 3] as const) {
    const exits: string[] = [];
    for (const item of composition.placed.filter((entry) => entry.fragment.layer === layer)) {
      const base = unique([...item.analysis, ...previousExits]);
      for (const each of item.fragment.work) place(composition, item, each, base);
      const workSinks = resolveKeys(item, sinks(item.fragment.work));
      item.done = workSinks.length > 0 ? workSinks : base;
      item.exits = item.fragment.exits === undefined ? item.done : resolveKeys(item, item.fragment.exits);
      exits.push(...item.exits);
    }
    if (exits.length > 0) previousExits = unique(exits);
  }
}

/** One testing stage: test writing, one "Run tests", coverage, manual checks. Returns its sinks. */
function placeTesting(composition: Composition, allDone: readonly string[]): string[] {
  const { builder, pattern, placed, stage, summary } = composition;
  const explicit = stage.general || stage.targeted.length > 0 || stage.manual.length > 0;
  const includeDefaults = stage.general || !explicit;
  const writes: string[] = [];
  const untested: string[] = [];
  for (const item of placed) {
    const drafts = item.fragment.testsAreTheWork === true
      ? item.fragment.tests
      : [...(includeDefaults ? item.fragment.tests : []), ...(stage.general ? item.fragment.extraTests ?? [] : [])];
    const tested = new Set<string>();
    for (const each of drafts) {
      const after = resolveKeys(item, each.after);
      for (const id of after.length > 0 ? after : item.done) tested.add(id);
      writes.push(place(composition, item, each, item.done));
    }
    untested.push(...item.done.filter((id) => !tested.has(id)));
  }
  stage.targeted.forEach((clause, index) => {
    const each = stageTestDraft(clause, index);
    if (each !== undefined) writes.push(builder.add(each, allDone));
  });
  const frontendPlan = placed.some((item) => item.fragment.area === 'frontend');
  if (pattern === 'full-stack-feature' && frontendPlan && includeDefaults) {
    writes.push(builder.add(draft('e2e', `Write E2E tests for ${summary}`, 'integration-validator', 'write-tests', 'Testing'), allDone));
  }
  const sinksOfStage: string[] = [];
  if (writes.length > 0 || placed.some((item) => item.fragment.runsTests)) {
    const run = builder.add(draft('run', summary === '' ? 'Run tests' : `Run tests for ${summary}`, 'test-engineer', 'run-tests', 'Testing'), unique([...writes, ...untested]));
    const coverage = pattern === 'testing-suite' || stage.coverage;
    sinksOfStage.push(coverage ? builder.add(draft('coverage', `Generate coverage report for ${summary || 'codebase'}`, 'test-engineer', 'coverage', 'Coverage'), [run]) : run);
  }
  stage.manual.forEach((clause, index) => {
    for (const each of manualTestDrafts(clause, summary || 'changes', frontendPlan, index)) sinksOfStage.push(builder.add(each, allDone));
  });
  return sinksOfStage;
}

/** Releases (deploys, publishes) run after the testing stage. */
function placeReleases(composition: Composition, afterTesting: readonly string[]): void {
  for (const item of composition.placed) {
    for (const each of item.fragment.release ?? []) {
      item.ids.set(each.key, composition.builder.add(each, unique([...resolveKeys(item, each.after), ...afterTesting])));
    }
  }
}

/** One documentation stage at the end. */
function placeDocs(composition: Composition, afterTesting: readonly string[]): void {
  const { analysis, builder, pattern, placed, stage } = composition;
  stage.docs.forEach((clause, index) => builder.add(docsDraft(clause, index), afterTesting));
  const about = (items: readonly Placed[]): string =>
    analysis.topic ?? summarise(items.map((item) => item.fragment.docSubject ?? item.fragment.subject));
  const documented = placed.filter((item) => item.fragment.documented !== false);
  if (stage.generalDocs) {
    const subject = about(placed);
    builder.add(draft('docs', subject === '' ? 'Update documentation' : `Update documentation for ${subject}`, 'technical-writer', 'docs', 'Documentation'), afterTesting);
  } else if (stage.docs.length === 0 && documented.length > 0 && pattern !== 'database-migration' && pattern !== 'generic') {
    builder.add(draft('docs', `Document ${about(documented)}`, 'technical-writer', 'docs', 'Documentation'), afterTesting);
  }
}

/** Subjects for shared titles; a release names what it ships, which the other fragments already name. */
function subjectsOf(placed: readonly Placed[]): string[] {
  const work = placed.filter((item) => item.fragment.release === undefined);
  return (work.length > 0 ? work : placed).map((item) => item.fragment.subject);
}

/** Composes an analysed request into task specs (no backup, guards or commit). */
export function compose(request: Analysis, pattern: PatternId, estimates: EstimateTable): TaskSpec[] {
  const analysis = expandTheming(request);
  const { groups, stage } = groupClauses(analysis, pattern);
  const contextClause = analysis.clauses.find((clause) => clause.kind === 'frontend-feature' && contextNameOf(clause.phrase) !== undefined);
  const context: BuildContext = {
    topic: analysis.topic,
    contextName: contextClause === undefined ? undefined : contextNameOf(contextClause.phrase),
    pattern,
    hasMigration: groups.some((group) => group.primary.kind === 'migration'),
  };
  const placed: Placed[] = groups.map((group) => ({ fragment: fragmentOf(group, context), ids: new Map(), analysis: [], exits: [], done: [] }));
  const composition: Composition = {
    analysis,
    pattern,
    stage,
    builder: new TaskBuilder(estimates, pattern),
    placed,
    summary: analysis.topic ?? summarise(subjectsOf(placed)),
  };
  placeAnalysis(composition);
  placeWork(composition);
  const allDone = unique(placed.flatMap((item) => item.done));
  const testingSinks = placeTesting(composition, allDone);
  const afterTesting = testingSinks.length > 0 ? unique(testingSinks) : allDone;
  placeReleases(composition, afterTesting);
  placeDocs(composition, afterTesting);
  return composition.builder.tasks();
}
