/**
 * Bug-fix template (seed pattern 2): reproduce with a failing test → logs and code analysis → fix →
 * hardening asked for in the same request ("add proper error handling").
 * @module
 */
import { PROBLEM_NOUNS } from '../lexicon.js';
import { uncapitalise } from '../words.js';
import { parseSymptom } from '../nouns.js';
import type { ClassifiedClause } from '../classify.js';
import type { Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';
import { objectText, short } from './titles.js';

interface BugNames {
  /** The bug as a noun phrase ("session upload modal crash"). */
  readonly bug: string;
  /** What misbehaves ("session upload modal"), when known. */
  readonly subject: string | undefined;
}

/** True when the head only names a problem ("this issue", "it", "the bug"). */
export function isGenericProblem(clause: ClassifiedClause): boolean {
  const { phrase } = clause;
  if (phrase.preps.length > 0 || phrase.condition !== undefined || phrase.relative !== undefined) return false;
  const list = phrase.headKey.split(' ').filter((word) => word !== '');
  return list.length > 0 && list.every((word) => PROBLEM_NOUNS.has(word));
}

function namesOf(primary: ClassifiedClause): BugNames {
  if (primary.kind === 'symptom') {
    if (primary.symptom !== undefined) return { bug: short(primary.symptom.name), subject: short(primary.symptom.subject) };
    return { bug: short(uncapitalise(primary.clause.text)), subject: undefined };
  }
  if (isGenericProblem(primary)) return { bug: 'reported bug', subject: undefined };
  const question = /^(?:why|how come|what makes|whether)\s+(.+)$/i.exec(objectText(primary.phrase));
  const asked = question === null ? undefined : parseSymptom(question[1] ?? '');
  if (asked !== undefined) return { bug: short(asked.name), subject: short(asked.subject) };
  const head = primary.phrase.head;
  const subjectWords = head.split(' ').filter((word) => !PROBLEM_NOUNS.has(word.toLowerCase()));
  if (subjectWords.length === 0) return { bug: short(objectText(primary.phrase)), subject: undefined };
  return { bug: short(head), subject: short(subjectWords.join(' ')) };
}

/** Builds the bug-fix fragment of a symptom or fix clause and the clauses that refine it. */
export function bugFragment(group: Group): Fragment {
  const names = namesOf(group.primary);
  const condition = group.primary.symptom?.condition ?? group.primary.phrase.condition;
  const context = [group.primary, ...group.extras].map((clause) => clause.clause.text).join('. ');
  const work: Draft[] = [
    draft('logs', `Analyse logs for ${names.bug}`, 'devops-engineer', 'root-cause', 'Root Cause Analysis'),
    draft(
      'code',
      names.subject === undefined ? `Analyse code for root cause of ${names.bug}` : `Analyse ${names.subject} code for root cause`,
      'backend-engineer',
      'root-cause',
      'Root Cause Analysis',
    ),
    draft('fix', `Fix ${names.bug}`, 'backend-engineer', 'fix', 'Bug Fix', { after: ['logs', 'code'], description: context }),
  ];
  let previous = 'fix';
  group.extras
    .filter((extra) => extra.kind === 'hardening' || extra.kind === 'follow-up')
    .forEach((extra, index) => {
      const key = `harden-${index}`;
      const title =
        extra.kind === 'hardening'
          ? `Add ${short(extra.phrase.head)} to ${names.subject ?? names.bug}`
          : `Update ${short(extra.phrase.head.replace(/\b(?:all\s+)?affected\s+/i, ''))} affected by ${names.bug} fix`;
      work.push(draft(key, title, 'backend-engineer', 'fix', 'Bug Fix', { after: [previous], description: extra.clause.text }));
      previous = key;
    });
  return {
    layer: 1,
    area: 'backend',
    subject: names.subject ?? names.bug,
    docSubject: `${names.bug} fix`,
    analysis: [
      draft('reproduce', `Reproduce ${names.bug} with failing test`, 'test-engineer', 'reproduce', 'Analysis', {
        description: condition === undefined ? context : `${context} (${condition})`,
      }),
    ],
    work,
    tests: [],
    extraTests: [draft('regression', `Write regression tests for ${names.bug}`, 'test-engineer', 'write-tests', 'Testing', { after: [previous] })],
    runsTests: true,
  };
}
