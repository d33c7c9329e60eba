/**
 * Refactoring template (seed pattern 5): analyse structure and usages → plan → refactor → update
 * references (or the affected files and tests the request names). Also removals of deprecated code
 * and renames.
 * @module
 */
import type { ClassifiedClause } from '../classify.js';
import type { Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';
import { prepObject } from '../nouns.js';
import { objectText, restate, short } from './titles.js';

/** "all affected files and tests" → ["files", "tests"]. */
function followUpItems(clause: ClassifiedClause): string[] {
  return clause.phrase.head
    .replace(/\b(?:all|the|every|any|affected|related|dependent|impacted)\b/gi, ' ')
    .split(/\s*,\s*|\s+and\s+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function updates(group: Group, target: string, label: string, after: string): Draft[] {
  const followUps = group.extras.filter((extra) => extra.kind === 'follow-up');
  if (followUps.length === 0) {
    return [draft('references', `Update references to ${target}`, 'backend-engineer', 'update-references', 'Update References', { after: [after] })];
  }
  const items = followUps.flatMap(followUpItems);
  return (items.length > 0 ? items : ['references']).map((item, index) =>
    draft(`update-${index}`, `Update ${short(item)} affected by ${label}`, /\btests?\b/i.test(item) ? 'test-engineer' : 'backend-engineer', 'update-references', 'Update References', {
      after: [after],
      description: followUps.map((extra) => extra.clause.text).join('. '),
    }),
  );
}

/** "Refactor the session processing code to use async/await instead of callbacks". */
export function refactorFragment(group: Group): Fragment {
  const { phrase } = group.primary;
  const target = short(phrase.head || (prepObject(phrase, 'from', 'of') ?? objectText(phrase)) || 'code');
  const instruction = restate(group.primary);
  return {
    layer: 1,
    area: 'backend',
    subject: target,
    docSubject: `${target} refactor`,
    analysis: [
      draft('structure', `Analyse structure of ${target}`, 'code-reviewer', 'refactor-analysis', 'Analysis'),
      draft('usages', `Find usages of ${target}`, 'database-analyst', 'refactor-analysis', 'Analysis'),
    ],
    work: [
      draft('plan', `Plan refactor of ${target}`, 'backend-engineer', 'refactor-plan', 'Refactor Plan', { description: group.primary.clause.text }),
      draft('refactor', instruction, 'backend-engineer', 'refactor', 'Refactor', {
        after: ['plan'],
        description: group.primary.clause.text,
      }),
      ...updates(group, target, `${target} refactor`, 'refactor'),
    ],
    tests: [],
    extraTests: [draft('tests', `Write tests for refactored ${target}`, 'test-engineer', 'write-tests', 'Testing', { after: ['refactor'] })],
    runsTests: true,
  };
}

/** "Remove the deprecated v1 endpoints". */
export function cleanupFragment(group: Group): Fragment {
  const target = short(objectText(group.primary.phrase));
  return {
    layer: 1,
    area: 'backend',
    subject: target,
    docSubject: `removal of ${target}`,
    analysis: [draft('usages', `Find usages of ${target}`, 'code-reviewer', 'refactor-analysis', 'Analysis')],
    work: [
      draft('plan', `Plan removal of ${target}`, 'backend-engineer', 'refactor-plan', 'Refactor Plan'),
      draft('remove', `Remove ${target}`, 'cleanup-specialist', 'refactor', 'Cleanup', { after: ['plan'], description: group.primary.clause.text }),
      ...updates(group, target, `removal of ${target}`, 'remove'),
    ],
    tests: [],
    extraTests: [draft('tests', `Update tests for removal of ${target}`, 'test-engineer', 'write-tests', 'Testing', { after: ['remove'] })],
    runsTests: true,
  };
}

/** "Rename the UserService class to AccountService". */
export function renameFragment(group: Group): Fragment {
  const { phrase } = group.primary;
  const target = short(phrase.head || objectText(phrase));
  const instruction = restate(group.primary);
  return {
    layer: 1,
    area: 'backend',
    subject: target,
    docSubject: `${target} rename`,
    analysis: [draft('usages', `Find usages of ${target}`, 'code-reviewer', 'refactor-analysis', 'Analysis')],
    work: [
      draft('rename', instruction, 'backend-engineer', 'refactor', 'Refactor', { description: group.primary.clause.text }),
      ...updates(group, target, `${target} rename`, 'rename'),
    ],
    tests: [],
    runsTests: true,
  };
}
