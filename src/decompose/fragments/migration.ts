/**
 * Database migration template (seed pattern 3): schema analysis → migration script → dry-run preview
 * → executed migration (critical). The data backup, rollback script and verification around the
 * executed migration are added by the plan pipeline, not here.
 * @module
 */
import { gerund, truncate } from '../words.js';
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
  const target = destination(phrase) ?? (phrase.preps[0] === undefined ? undefined : { np: phrase.preps[0].np, full: phrase.preps[0].np });
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
    const where = table === undefined || table === renamed ? '' : ` in ${table}`;
    return {
      change: `renaming ${column} to ${renamed}${where}`,
      analyse: `Analyse usage of ${column}${where}`,
      model: `Rename ${column} to ${renamed} in ${table ?? 'data'} model`,
      subject: `${column} rename`,
    };
  }
  if (/\btables?\b/.test(head) && ['add', 'create', 'introduce'].includes(verb)) {
    const name = tableName(phrase.head);
    return { change: `creating ${name} table`, analyse: `Analyse database schema for ${name} table`, model: `Create ${name} model`, subject: `${name} table migration` };
  }
  const object = truncate(phrase.text, 100);
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
  const work: Draft[] = [];
  if (model !== undefined) {
    work.push(draft('model', model, 'backend-engineer', 'model-update', 'Database Schema', { touches: ['**/models/**'] }));
  }
  work.push(
    draft('write', `Write migration ${change}`, 'migration-engineer', 'migration-script', 'Database Schema', {
      touches: ['**/migrations/**'],
      description: `Write the migration script (up and down) for: ${request}`,
    }),
    draft('preview', `Preview migration ${change}`, 'migration-engineer', 'migration-preview', 'Migration Preview', {
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
