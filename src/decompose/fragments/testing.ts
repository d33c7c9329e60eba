/**
 * Testing: the testing-suite template (seed pattern 4: analyse → fixtures, config, dependencies →
 * one test-writing task per listed flow), and the test tasks a clause adds to another pattern's
 * shared testing stage.
 * @module
 */
import type { RoleKey } from '../../allocate/roles.js';
import type { ClassifiedClause } from '../classify.js';
import { TEST_KIND } from '../lexicon.js';
import { prepObject, stripDeterminers } from '../nouns.js';
import type { BuildContext, Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';
import { short } from './titles.js';

const TEST_WORDS = /\b(?:unit|integration|e2e|end-to-end|component|regression|snapshot|smoke|load|performance|contract|api|visual|acceptance|rbac|tests?|test suites?|test cases|test coverage|coverage|specs?|for)\b/gi;

/** The kind of tests a clause names ("integration", "E2E"), if any. */
export function testKindOf(clause: ClassifiedClause): string | undefined {
  const kind = TEST_KIND.exec(clause.clause.masked.toLowerCase())?.[1];
  if (kind === undefined) return undefined;
  if (kind === 'e2e' || kind === 'end-to-end') return 'E2E';
  if (kind === 'rbac' || kind === 'api') return kind.toUpperCase();
  return kind;
}

/** What a test clause tests ("authentication system"), or undefined for "write comprehensive tests". */
export function testTargetOf(clause: ClassifiedClause): string | undefined {
  const target = prepObject(clause.phrase, 'for', 'of', 'on', 'in', 'around', 'covering');
  if (target !== undefined) return short(target);
  const rest = stripDeterminers(clause.phrase.head.replace(TEST_WORDS, ' ')).text.trim();
  return rest === '' ? undefined : short(rest);
}

function roleOf(kind: string | undefined): RoleKey {
  return kind === 'E2E' || kind === 'acceptance' ? 'integration-validator' : 'test-engineer';
}

/** The testing-suite fragment of "Write comprehensive integration tests for X including a, b and c". */
export function suiteFragment(group: Group, context: BuildContext): Fragment {
  const clause = group.primary;
  const kind = testKindOf(clause);
  const target = testTargetOf(clause) ?? context.topic ?? 'codebase';
  const prefix = kind === undefined ? '' : `${kind} `;
  const infrastructure = ['fixtures', 'config', 'dependencies'];
  const items = clause.clause.items.map((item) => short(stripDeterminers(item).text));
  const writes: Draft[] =
    items.length > 0
      ? items.map((item, index) => draft(`write-${index}`, `Write ${prefix}tests for ${item}`, roleOf(kind), 'suite-tests', 'Testing', { after: infrastructure }))
      : kind !== undefined
        ? [draft('write-0', `Write ${prefix}tests for ${target}`, roleOf(kind), 'suite-tests', 'Testing', { after: infrastructure })]
        : (['unit', 'integration', 'E2E'] as const).map((each, index) =>
            draft(`write-${index}`, `Write ${each} tests for ${target}`, roleOf(each), 'suite-tests', 'Testing', { after: infrastructure }),
          );
  return {
    layer: 1,
    area: 'other',
    subject: target,
    docSubject: `${target} ${prefix}tests`,
    analysis: [draft('analyse', `Analyse ${target} for test coverage`, 'test-engineer', 'test-analysis', 'Analysis', { description: clause.clause.text })],
    work: [
      draft('fixtures', `Create test fixtures for ${target}`, 'test-engineer', 'test-infrastructure', 'Test Infrastructure'),
      draft('config', `Configure ${prefix}test environment for ${target}`, 'test-engineer', 'test-infrastructure', 'Test Infrastructure'),
      draft('dependencies', `Install ${prefix}test dependencies`, 'devops-engineer', 'test-infrastructure', 'Test Infrastructure'),
    ],
    tests: writes,
    testsAreTheWork: true,
    runsTests: true,
  };
}

/** The test-writing task a test clause with a target adds to the shared testing stage. */
export function stageTestDraft(clause: ClassifiedClause, index: number): Draft | undefined {
  const target = testTargetOf(clause);
  if (target === undefined) return undefined;
  const kind = testKindOf(clause);
  return draft(`stage-test-${index}`, `Write ${kind === undefined ? '' : `${kind} `}tests for ${target}`, roleOf(kind), 'write-tests', 'Testing', {
    description: clause.clause.text,
  });
}

/** Manual checks of "test on all pages": a manual pass, plus visual regression for UI work. */
export function manualTestDrafts(clause: ClassifiedClause, subject: string, frontend: boolean, index: number): Draft[] {
  const where = clause.phrase.text === '' ? '' : ` ${short(clause.phrase.text)}`;
  const title = clause.phrase.head === '' ? `Test ${subject}${where}` : `Test${where}`;
  const drafts = [draft(`manual-${index}`, title, 'api-tester', 'manual-testing', 'Testing', { description: clause.clause.text })];
  if (frontend) {
    drafts.push(draft(`visual-${index}`, `Run visual regression tests for ${subject}`, 'integration-validator', 'manual-testing', 'Testing'));
  }
  return drafts;
}
