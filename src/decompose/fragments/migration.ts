/**
 * Database migration template (seed pattern 3): schema analysis → migration script → dry-run preview
 * → executed migration (critical). The data backup, rollback script and verification around the
 * executed migration are added by the plan pipeline, not here.
 * @module
 */
import { gerund, truncate } from '../words.js';
import { objectText } from './titles.js';
import { columnName, destination, prepObject, tableName } from '../nouns.js';
import { REMOVE_VERBS } from '../lexicon.js';
import type { Draft, Fragment, Group } from './types.js';
import { draft } from './types.js';

interface Change {
  /** "adding last_login_at to users". */
  readonly change: string;
  /** Analysis title. */
  readonly analyse: string;
  /** ORM model update title, when a column or table is named. */
  readonly model: string | undefined;
  /** Subject for shared titles ("last_login_at migration"). */
  readonly subject: string;
}

function describeChange(group: Group): Change {
  const { phrase, verb = 'change', fix } = group.primary;
  const head = phrase.headKey;
  const column = /\b(?:columns?|fields?)\b/.test(head) || phrase.quotes.length > 0 ? columnName(phrase) : undefined;
  const tablePrep = phrase.preps.find((prep) => /\btables?\b/.test(prep.key));
  const target = tablePrep ?? destination(phrase) ?? phrase.preps[0];
  const table = target === undefined ? undefined : tableName(target.np);
  if (fix) {
    return { change: `fixing ${phrase.head}`, analyse: `Analyse ${phrase.head}`, model: undefined, subject: `${phrase.head} fix` };
  }
  if (column !== undefined && table !== undefined && ['add', 'create', 'introduce', 'store', 'track', 'record', 'save'].includes(verb)) {
    return {
      change: `adding ${column} to ${table}`,
      analyse: `Analyse ${table} table schema`,
      model: `Update ${table} model with ${column}`,
      subject: `${column} migration`,
    };
  }
  if (column !== undefined && table !== undefined && REMOVE_VERBS.has(verb)) {
    return {
      change: `dropping ${column} from ${table}`,
      analyse: `Analyse usage of ${column} in ${table}`,
      model: `Remove ${column} from ${table} model`,
      subject: `${column} removal`,
    };
  }
  if (column !== undefined && verb === 'rename') {
    const renamed = prepObject(phrase, 'to') ?? 'its new name';
    const where = table === undefined || table === tableName(renamed) ? '' : ` in ${table}`;
    return {
      change: `renaming ${column} to ${renamed}${where}`,
      analyse: `Analyse usage of ${column}${where}`,
      model: `Rename ${column} to ${renamed} in ${where === '' ? 'data' : table ?? 'data'} model`,
      subject: `${column} rename`,
    };
  }
  if (/\btables?\b/.test(head) && ['add', 'create', 'introduce'].includes(verb)) {
    const name = tableName(phrase.head);
    return { change: `creating ${name} table`, analyse: `Analyse database schema for ${name} table`, model: `Create ${name} model`, subject: `${name} table migration` };
  }
  if (['execute', 'run', 'apply'].includes(verb) && /\bmigrations?\b/.test(head)) {
    return { change: '', analyse: `Analyse pending ${phrase.head}`, model: undefined, subject: phrase.head };
  }
  const object = truncate(objectText(phrase), 100);
  return {
    change: `${gerund(verb)} ${object}`,
    analyse: `Analyse database schema for ${truncate(table ?? phrase.head, 80)}`,
    model: undefined,
    subject: `${truncate(table ?? phrase.head, 80)} migration`,
  };
}

/** Builds the migration fragment of a schema clause. */
export function migrationFragment(group: Group): Fragment {
  const { change, analyse, model, subject } = describeChange(group);
  const request = group.primary.clause.text;
  if (change === '') return existingMigrationFragment(subject, analyse, request);
  const work: Draft[] = [];
  if (model !== undefined) {
    work.push(draft('model', model, 'backend-engineer', 'model-update', 'Database Schema', { touches: ['**/models/**'] }));
  }
  work.push(
    draft('write', `Write migration ${change}`, 'migration-engineer', 'migration-script', 'Database Schema', {
      touches: ['**/migrations/**'],
      description: `Write the migration script (up and down) for: ${request}`,
    }),
    draft('preview', `Dry-run migration ${change}`, 'migration-engineer', 'migration-preview', 'Migration Preview', {
      after: ['write'],
      description: 'Dry run: print the SQL the migration would run, without applying it.',
    }),
    draft('execute', `Execute migration ${change}`, 'migration-engineer', 'migration-execute', 'Migration', {
      after: ['preview'],
      critical: true,
      description: `Apply the migration to the database (${request}).`,
    }),
  );
  const exits = model === undefined ? ['write'] : ['model', 'write'];
  return {
    layer: 0,
    area: 'database',
    subject,
    analysis: [draft('analyse', analyse, 'database-analyst', 'schema-analysis', 'Analysis', { description: request })],
    work,
    exits,
    tests: [],
    extraTests: [draft('test', `Write tests for ${subject}`, 'test-engineer', 'write-tests', 'Testing', { after: exits })],
    runsTests: true,
    documented: false,
  };
}

/** "Execute database migration": the migration exists; preview it, then run it. */
function existingMigrationFragment(subject: string, analyse: string, request: string): Fragment {
  return {
    layer: 0,
    area: 'database',
    subject,
    analysis: [draft('analyse', analyse, 'database-analyst', 'schema-analysis', 'Analysis', { description: request })],
    work: [
      draft('preview', `Dry-run ${subject}`, 'migration-engineer', 'migration-preview', 'Migration Preview', {
        description: 'Dry run: print the SQL the migration would run, without applying it.',
      }),
      draft('execute', `Execute ${subject}`, 'migration-engineer', 'migration-execute', 'Migration', {
        after: ['preview'],
        critical: true,
        description: request,
      }),
    ],
    exits: ['preview'],
    tests: [],
    runsTests: true,
    documented: false,
  };
}
