/**
 * Generic templates: deploys and publishes, dependency upgrades, data operations, documentation
 * edits, and a single task for anything else.
 * @module
 */
import type { RoleKey } from '../../allocate/roles.js';
import { PRODUCTION_CUE } from '../lexicon.js';
import { prepObject } from '../nouns.js';
import { capitalise } from '../words.js';
import type { ClassifiedClause } from '../classify.js';
import type { Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';
import { objectText, restate, short } from './titles.js';

/** "Deploy the new version to production": build, then (after the tests) the deploy itself. */
export function deployFragment(group: Group): Fragment {
  const { phrase, verb, clause } = group.primary;
  const what = short(phrase.head === '' ? 'application' : phrase.head);
  const production = PRODUCTION_CUE.test(clause.masked.toLowerCase()) || verb === 'publish';
  return {
    layer: 1,
    area: 'other',
    subject: what,
    analysis: [],
    work: [draft('build', `Build release artifacts for ${what}`, 'devops-engineer', 'build', 'Release')],
    tests: [],
    runsTests: true,
    release: [
      draft('deploy', restate(group.primary, verb === 'roll' ? 'Roll out' : undefined), 'devops-engineer', 'deploy', 'Deployment', {
        after: ['build'],
        ...(production ? { critical: true } : {}),
        description: clause.text,
      }),
    ],
    documented: false,
  };
}

/** "Upgrade React to v19": review breaking changes → upgrade → adapt code. */
export function upgradeFragment(group: Group): Fragment {
  const { phrase, clause } = group.primary;
  const target = prepObject(phrase, 'to');
  const name = short(target === undefined ? phrase.head : `${phrase.head} ${target}`);
  return {
    layer: 0,
    area: 'other',
    subject: name,
    analysis: [draft('review', `Review breaking changes in ${name}`, 'code-reviewer', 'refactor-analysis', 'Analysis', { description: clause.text })],
    work: [
      draft('upgrade', restate(group.primary), 'devops-engineer', 'upgrade', 'Dependencies', { description: clause.text }),
      draft('adapt', `Update code for ${name} breaking changes`, 'backend-engineer', 'update-references', 'Update References', { after: ['upgrade'] }),
    ],
    tests: [],
    runsTests: true,
    documented: false,
  };
}

/** "Delete all user data older than 90 days": analyse → write script → run it (critical). */
export function dataOperationFragment(group: Group): Fragment {
  const { phrase, verb = 'delete', clause } = group.primary;
  const object = short(objectText(phrase));
  return {
    layer: 0,
    area: 'database',
    subject: object,
    analysis: [draft('analyse', `Analyse ${object}`, 'database-analyst', 'schema-analysis', 'Analysis', { description: clause.text })],
    work: [
      draft('script', `Write script to ${verb} ${object}`, 'data-engineer', 'data-script', 'Data Script'),
      draft('run', `${capitalise(verb)} ${object}`, 'data-engineer', 'migration-execute', 'Data Operation', {
        after: ['script'],
        critical: true,
        description: clause.text,
      }),
    ],
    exits: ['script'],
    tests: [],
    runsTests: false,
    documented: false,
  };
}

/** Role for a task whose template is unknown, from its words. */
function roleFor(text: string): RoleKey {
  const lower = text.toLowerCase();
  if (/\b(?:ci|cd|pipeline|docker|kubernetes|k8s|env|environment|config|configuration|terraform|helm|build|deploy)\b/.test(lower)) return 'devops-engineer';
  if (/\b(?:audit|review|lint|security|quality)\b/.test(lower)) return 'code-reviewer';
  if (/\b(?:backup|etl|data|export|import|csv)\b/.test(lower)) return 'data-engineer';
  if (/\b(?:readme|docs?|documentation|guide)\b/.test(lower)) return 'technical-writer';
  return 'backend-engineer';
}

/** One task for a clause no template fits. */
export function otherFragment(group: Group): Fragment {
  const { phrase, verb, clause } = group.primary;
  const title = verb === undefined ? capitalise(clause.text) : restate(group.primary);
  return {
    layer: 1,
    area: 'other',
    subject: short(verb === undefined ? clause.text : objectText(phrase)),
    analysis: [],
    work: [draft('work', title, roleFor(clause.text), 'generic', 'Implementation', { description: clause.text })],
    tests: [],
    runsTests: false,
    documented: false,
  };
}

/** The documentation task of a specific docs clause ("Fix typo in README"). */
export function docsDraft(clause: ClassifiedClause, index: number): Draft {
  const title = clause.verb === 'document' ? `Document ${objectText(clause.phrase)}` : restate(clause);
  const readme = /\breadme\b/i.test(clause.clause.text);
  return draft(`docs-${index}`, title, 'technical-writer', 'docs', 'Documentation', {
    ...(readme ? { touches: ['README*'] } : {}),
    description: clause.clause.text,
  });
}

/** True when a docs clause asks for documentation in general ("update documentation"). */
export function isGeneralDocs(clause: ClassifiedClause): boolean {
  return /^(?:(?:api|project|the|all|relevant|related|any)\s+)*(?:documentation|docs)$/.test(clause.phrase.headKey) && clause.phrase.preps.length === 0;
}
