/**
 * Rules for executing migrations and applying schema changes.
 * @module
 */
import { CODE_WORDS, gap } from '../lexicon.js';
import {
  ARGS,
  CODE_MIGRATION_BEFORE,
  COMMAND_NOT_AFTER,
  DB_NOT_CODE,
  DDL_GAP_EXCLUDED,
  MIGRATION_NOT_AFTER,
  TABLE_UI_AFTER,
  UI_CLAUSE,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

const RUN_VERBS = String.raw`\b(?:run|runs|running|re-?run|re-?runs|execute|executes|executing|re-?execute|apply|applies|applying|re-?apply|perform|performs|performing|trigger|triggers|triggering|invoke|invokes|deploy|deploys|deploying|roll\s+out|rolls\s+out|rolling\s+out|roll(?:ing)?[- ]?back(?!\s+(?:scripts?|plans?|procedures?|steps|strateg\w*|docs?|tests?|paths?|sql|files?|options?|mechanism)\b)|rolls\s+back|rollback(?!\s+(?:scripts?|plans?|procedures?|steps|strateg\w*|docs?|tests?|paths?|sql|files?|options?|mechanism)\b)|revert|reverts|reverting|undo|downgrade|downgrades|downgrading|push|pushes|pushing|ship|promote)\b`;

const MIGRATION_GAP_EXCLUDED = String.raw`tests?|specs?|lint\w*|checks?|docs?|documentation|reviews?|generators?|generation|tool\w*|guides?|examples?|plans?|status|history|dry-?runs?|previews?|diffs?|codemods?`;

/** Rules for executing migrations and applying schema changes. */
export const MIGRATION_RULES: readonly CriticalRule[] = [
  {
    id: 'migration.run',
    category: 'migration-execution',
    description: 'Runs, applies or rolls back database migrations',
    pattern: r(RUN_VERBS + gap(5, MIGRATION_GAP_EXCLUDED) + String.raw`\s+${CODE_MIGRATION_BEFORE}migrations?\b` + MIGRATION_NOT_AFTER),
  },
  {
    id: 'migration.cli',
    category: 'migration-execution',
    description: 'A migration tool command that applies or reverts migrations',
    pattern: r(
      `(?:${[
        String.raw`\balembic\s+(?:-\S+\s+\S+\s+){0,3}(?:upgrade|downgrade)\b`,
        String.raw`\bupgrade\s+head\b`,
        String.raw`\bprisma\s+migrate\s+(?:deploy|resolve)\b`,
        String.raw`\bknex\s+migrate:(?:latest|up|down|rollback)\b`,
        String.raw`\b(?:rails|rake|bin\/rails|bin\/rake)\s+db:(?:migrate|rollback)(?::\w+){0,2}`,
        String.raw`\bmanage\.py\s+migrate\b`,
        String.raw`\bdjango-admin\s+migrate\b`,
        String.raw`\bflyway\s+(?:-\S+\s+){0,8}(?:migrate|undo|repair)\b`,
        String.raw`\bliquibase\s+(?:-\S+\s+){0,8}(?:update|rollback)\w*`,
        String.raw`\bsequelize(?:-cli)?\s+db:migrate(?::undo(?::all)?)?\b`,
        String.raw`\btypeorm(?:-ts-node-\w+)?\s+migration:(?:run|revert)\b`,
        String.raw`\bmikro-orm\s+migration:(?:up|down)\b`,
        String.raw`\bgoose\b${ARGS}\s(?:up|down|up-to|down-to|redo)\b`,
        String.raw`\bmigrate\s+-(?:path|source|database)\b${ARGS}\s(?:up|down|goto|force)\b`,
        String.raw`\bdbmate\s+(?:up|migrate|rollback|down)\b`,
        String.raw`\bdiesel\s+migration\s+(?:run|redo|revert)\b`,
        String.raw`\bsqlx\s+migrate\s+(?:run|revert)\b`,
        String.raw`\bmix\s+ecto\.(?:migrate|rollback)\b`,
        String.raw`\bartisan\s+migrate(?::(?:rollback|refresh))?(?![:\w])`,
        String.raw`\bdrizzle-kit\s+migrate\b`,
        String.raw`\bsupabase\s+migration\s+up\b`,
        String.raw`\bhasura\s+migrate\s+apply\b`,
        String.raw`\batlas\s+migrate\s+apply\b`,
        String.raw`\bsqitch\s+(?:deploy|revert|rebase)\b`,
        String.raw`\byoyo\s+(?:apply|rollback)\b`,
        String.raw`\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:db:)?migrate(?::(?:up|down|deploy|latest|prod|production|run|rollback))?(?![:\w-])`,
        String.raw`\bmake\s+(?:db-)?migrate\b`,
        String.raw`\bdotnet\s+ef\s+database\s+update\b`,
        String.raw`\bupdate-database\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'migration.migrate-data',
    category: 'migration-execution',
    description: 'Migrates a database, its data or its schema',
    pattern: r(
      String.raw`\bmigrat(?:e|es|ing)\b` +
        gap(3, CODE_WORDS) +
        String.raw`\s+(?:databases?|dbs?|data|schemas?|tables?|records|rows|prod|production|staging\s+(?:db|database)|datastores?|postgres(?:ql)?|mysql|mongo(?:db)?|dynamodb|warehouse|keyspaces?)\b` +
        String.raw`(?!\s*[-_]?\s*(?:access|layer|client|driver|models?|fetching|loaders?|structures?|types?|classes|flow|binding|hooks?|store|service|module|code|config\w*|connections?|tests?|docs?|helpers?|utils?|quer(?:y|ies)|orm|library|abstraction|calls?|files?|definitions?|validation|validators?|format|formats)\b)` +
        String.raw`(?!\s+(?:from|to)\s+(?:the\s+)?(?:new\s+)?(?:typescript|ts|esm|zod|yup|joi|json\s+schema|graphql|openapi|class-validator)\b)`,
    ),
  },
  {
    id: 'migration.migrate-into-db',
    category: 'migration-execution',
    description: 'Migrates data into / out of a database or table',
    pattern: r(
      String.raw`\bmigrat(?:e|es|ing)\b` +
        gap(4, CODE_WORDS) +
        String.raw`\s+(?:into|to|from|out\s+of)\s+(?:the\s+|a\s+)?(?:\S+\s+){0,2}?(?:databases?|dbs?|tables?|collections?|data\s+warehouse|postgres(?:ql)?|mysql|mariadb|mongo(?:db)?|dynamodb|aurora|rds|bigquery|snowflake|redshift)\b` +
        DB_NOT_CODE,
    ),
  },
  {
    id: 'migration.upgrade-database',
    category: 'migration-execution',
    description: 'Upgrades / downgrades a database to a schema revision',
    pattern: r(
      String.raw`\b(?:upgrade|upgrades|upgrading|downgrade|downgrades|downgrading|bring|brings)\s+(?:the\s+)?(?:\S+\s+)?(?:database|db)\b(?:\s+schema)?(?:\s+up)?\s+to\s+(?:the\s+)?(?:latest|head|newest|current|previous|revision|version|v?\d)`,
    ),
  },
  {
    id: 'migration.nominal',
    category: 'migration-execution',
    description: 'A migration run named as a noun ("Migration execution")',
    pattern: r(
      String.raw`\b(?:migrations?\s+(?:execution|rollout|deployment|application|run)|(?:execution|application|rollout|deployment|running|applying|executing)\s+of` +
        gap(4) +
        String.raw`\s+migrations?)\b(?!\s*[-_]?\s*(?:plans?|scripts?|checklists?|docs?|documentation|tests?|strateg\w*|guides?|tool\w*|logs?|status|reports?|order|orders|framework)\b)`,
    ),
  },
  {
    id: 'migration.seed-nominal',
    category: 'migration-execution',
    description: 'The seed\'s "database migration" named as the task itself',
    pattern: r(
      String.raw`\b(?:database|db|data|schema)\s+migrations?\b` +
        MIGRATION_NOT_AFTER +
        String.raw`(?!\s*[-_]?\s*(?:scripts?|files?|class(?:es)?|templates?|tools?|frameworks?|helpers?|utils?|modules?|code|logic|system|layer|library|support)\b)`,
    ),
  },
  {
    id: 'migration.run-it',
    category: 'migration-execution',
    description: 'Runs "it" (the migration or script just written) against a database',
    requires: /\b(?:migrations?|sql|ddl|scripts?|schema)\b/i,
    pattern: r(
      String.raw`\b(?:run|execute|apply|re-?run|re-?apply)\s+(?:it|them|this|these|that)\s+(?:on|against|to|in|into)\s+(?:the\s+)?(?:\S+\s+)?(?:prod|production|staging|live|databases?|dbs?|cluster)\b`,
    ),
  },
  {
    id: 'migration.script-against-db',
    category: 'migration-execution',
    description: 'Runs a SQL / data script against a database',
    unless: /\b(?:local|test|testing|in-memory|sqlite|fixture)\s+(?:db|database)\b|\blocalhost\b/i,
    pattern: r(
      String.raw`\b(?:run|runs|running|execute|executes|executing|apply|applies|applying)\b` +
        gap(3) +
        String.raw`\s+(?:sql|ddl|dml|scripts?|statements?|backfills?|patch|cleanup|seeders?|batch)\b` +
        gap(4, 'tests?|specs?|docs?') +
        String.raw`\s+(?:on|against|in|into|to)\s+(?:the\s+)?(?:\S+\s+)?(?:databases?|dbs?|prod|production|staging|live|postgres(?:ql)?|mysql|cluster)\b(?!\s+(?:module|code|layer|client|package|folder|directory|tests?)\b)`,
    ),
  },
];

/** Rules for executing migrations and applying schema changes. */
export const SCHEMA_RULES: readonly CriticalRule[] = [
  {
    id: 'schema.apply-changes',
    category: 'schema-change',
    description: 'Applies schema or database changes',
    pattern: r(
      String.raw`\b(?:apply|applies|applying|execute|executes|executing|run|runs|running|deploy|deploys|deploying|push|pushes|pushing|roll\s+out|perform|performs|performing|ship)\b` +
        gap(4, CODE_WORDS) +
        String.raw`\s+(?:(?:(?:database|db|sql)\s+)?(?:schema|ddl)\s+(?:changes?|updates?|migrations?|modifications?|alterations?|diffs?|patch(?:es)?)|(?:database|db)\s+(?:changes|updates|patch(?:es)?))\b` +
        String.raw`(?!\s*[-_]?\s*(?:docs?|documentation|tests?|review|plan|proposal|checklist)\b)`,
    ),
  },
  {
    id: 'schema.live-schema',
    category: 'schema-change',
    description: 'Changes a live database schema',
    pattern: r(
      String.raw`\b(?:alter|alters|altering|modify|modifies|modifying|change|changes|changing|update|updates|updating|upgrade|upgrades|upgrading|downgrade|downgrades|migrate|migrates|mutate|evolve)\b` +
        gap(3, CODE_WORDS) +
        String.raw`\s+(?:prod|production|live|staging|database|db|postgres(?:ql)?|mysql|sql)\s+schemas?\b` +
        String.raw`(?!\s*[-_]?\s*(?:docs?|documentation|diagrams?|files?|types?|definitions?|dumps?|snapshots?|tests?|validation|design|proposal|plan|visuali[sz]ation|explorer)\b)`,
    ),
  },
  {
    id: 'schema.cli',
    category: 'schema-change',
    description: 'A tool command that pushes a schema straight to a database',
    pattern: r(
      `(?:${[
        String.raw`\bprisma\s+db\s+push\b`,
        String.raw`\bdrizzle-kit\s+push(?::\w+)?\b`,
        String.raw`\bsupabase\s+db\s+push\b`,
        String.raw`\btypeorm\s+schema:sync\b`,
        String.raw`\b(?:rails|rake|bin\/rails)\s+db:schema:load\b`,
        String.raw`\bskeema\s+push\b`,
        String.raw`\bpt-online-schema-change\b${ARGS}\s--execute\b`,
        String.raw`\bgh-ost\b${ARGS}\s--execute\b`,
        String.raw`\batlas\s+schema\s+apply\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'schema.modify-table',
    category: 'schema-change',
    description: 'Modifies or renames a table or column',
    context: 'content',
    unless: UI_CLAUSE,
    pattern: r(
      String.raw`\b(?:modify|modifies|modifying|rename|renames|renaming|change|changes|changing|retype|convert|converts|converting)\b` +
        gap(3, DDL_GAP_EXCLUDED) +
        String.raw`\s+(?:tables?|columns?)\b` +
        TABLE_UI_AFTER,
    ),
  },
  {
    id: 'schema.seed-nominal',
    category: 'schema-change',
    description: 'The seed\'s "schema change" named as the task itself',
    pattern: r(
      String.raw`\bschema\s+changes?\b(?!\s*[-_]?\s*(?:docs?|documentation|reviews?|proposals?|plans?|tests?|diagrams?|requests?|tickets?|descriptions?|notes|logs?|history|detection|detector|checks?|lint\w*|guards?|policy|policies|process|workflow|template)\b)`,
    ),
  },
];
