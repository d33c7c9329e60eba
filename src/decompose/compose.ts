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
  exits: string[];
  done: string[];
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
  const fragments = groups.map((group) => fragmentOf(group, context));
  const builder = new TaskBuilder(estimates, pattern);
  const placed: Placed[] = fragments.map((fragment) => ({ fragment, ids: new Map(), exits: [], done: [] }));

  const analysisIds = unique(placed.flatMap((item) => item.fragment.analysis.map((each) => {
    const id = builder.add(each, []);
    item.ids.set(each.key, id);
    return id;
  })));

  let base = analysisIds;
  for (const layer of [0, 1, 2, 3] as const) {
    const exits: string[] = [];
    for (const item of placed.filter((entry) => entry.fragment.layer === layer)) {
      for (const each of item.fragment.work) {
        const after = (each.after ?? []).map((key) => item.ids.get(key)).filter((id): id is string => id !== undefined);
        item.ids.set(each.key, builder.add(each, after.length > 0 ? after : base));
      }
      const resolve = (keys: readonly string[]): string[] => keys.map((key) => item.ids.get(key)).filter((id): id is string => id !== undefined);
      const workSinks = resolve(sinks(item.fragment.work));
      item.done = workSinks.length > 0 ? workSinks : base;
      item.exits = item.fragment.exits === undefined ? item.done : resolve(item.fragment.exits);
      exits.push(...item.exits);
    }
    if (exits.length > 0) base = unique(exits);
  }
  const allDone = unique(placed.flatMap((item) => item.done));
  const summary = analysis.topic ?? summarise(placed.map((item) => item.fragment.subject));

  // Shared testing stage.
  const explicit = stage.general || stage.targeted.length > 0 || stage.manual.length > 0;
  const includeDefaults = stage.general || !explicit;
  const writes: string[] = [];
  for (const item of placed) {
    const drafts = item.fragment.testsAreTheWork === true
      ? item.fragment.tests
      : [...(includeDefaults ? item.fragment.tests : []), ...(stage.general ? item.fragment.extraTests ?? [] : [])];
    for (const each of drafts) {
      const after = (each.after ?? []).map((key) => item.ids.get(key)).filter((id): id is string => id !== undefined);
      writes.push(builder.add(each, after.length > 0 ? after : item.done));
    }
  }
  stage.targeted.forEach((clause, index) => {
    const each = stageTestDraft(clause, index);
    if (each !== undefined) writes.push(builder.add(each, allDone));
  });
  const frontendPlan = placed.some((item) => item.fragment.area === 'frontend');
  if (pattern === 'full-stack-feature' && frontendPlan && includeDefaults) {
    writes.push(builder.add(draft('e2e', `Write E2E tests for ${summary}`, 'integration-validator', 'write-tests', 'Testing'), allDone));
  }
  const testingSinks: string[] = [];
  if (writes.length > 0 || placed.some((item) => item.fragment.runsTests)) {
    const run = builder.add(draft('run', summary === '' ? 'Run tests' : `Run tests for ${summary}`, 'test-engineer', 'run-tests', 'Testing'), unique([...writes, ...allDone]));
    testingSinks.push(
      pattern === 'testing-suite' || stage.coverage
        ? builder.add(draft('coverage', `Generate coverage report for ${summary || 'codebase'}`, 'test-engineer', 'coverage', 'Coverage'), [run])
        : run,
    );
  }
  stage.manual.forEach((clause, index) => {
    for (const each of manualTestDrafts(clause, summary || 'changes', frontendPlan, index)) testingSinks.push(builder.add(each, allDone));
  });
  const afterTesting = testingSinks.length > 0 ? unique(testingSinks) : allDone;

  // Releases after the tests.
  for (const item of placed) {
    for (const each of item.fragment.release ?? []) {
      const after = (each.after ?? []).map((key) => item.ids.get(key)).filter((id): id is string => id !== undefined);
      item.ids.set(each.key, builder.add(each, unique([...after, ...afterTesting])));
    }
  }

  // One documentation stage.
  stage.docs.forEach((clause, index) => builder.add(docsDraft(clause, index), afterTesting));
  const documented = placed.filter((item) => item.fragment.documented !== false);
  const docSummary = (items: readonly Placed[]): string =>
    analysis.topic ?? summarise(items.map((item) => item.fragment.docSubject ?? item.fragment.subject));
  if (stage.generalDocs) {
    const about = docSummary(placed);
    builder.add(draft('docs', about === '' ? 'Update documentation' : `Update documentation for ${about}`, 'technical-writer', 'docs', 'Documentation'), afterTesting);
  } else if (stage.docs.length === 0 && documented.length > 0 && pattern !== 'database-migration' && pattern !== 'generic') {
    builder.add(draft('docs', `Document ${docSummary(documented)}`, 'technical-writer', 'docs', 'Documentation'), afterTesting);
  }
  return builder.tasks();
}
