/**
 * The built-in critical-operation rules and the seed's keyword list.
 * @module
 */
import { CODE_WORDS, DRY_RUN, NON_PROD, PROD_TARGET, UI_CODE_WORDS, gap } from './lexicon.js';
import {
  ARGS,
  CODE_MIGRATION_BEFORE,
  DATA_GAP_EXCLUDED,
  DATA_NOT_AFTER,
  DATA_NOUN,
  DELETE_VERBS,
  MIGRATION_NOT_AFTER,
  DEPLOY_GAP_EXCLUDED,
  PROD_GAP_EXCLUDED,
  TABLE_UI_AFTER,
  TEST_DATABASE,
  UI_CLAUSE,
} from './patterns.js';
import type { CriticalRule } from './types.js';

/**
 * The seed's `CRITICAL_KEYWORDS` substring list, for reference and as a ready-made `keywords`
 * option. The built-in rules supersede it: as plain substrings these both miss the seed's own
 * critical examples ("Execute Alembic migration", "Drop old users table") and flag harmless text
 * ("Truncate long titles").
 */
export const SEED_CRITICAL_KEYWORDS: readonly string[] = Object.freeze([
  'database migration',
  'alembic upgrade',
  'schema change',
  'production deployment',
  'data deletion',
  'drop table',
  'truncate',
  'git push --force',
  'npm publish',
  'docker push',
  'alter table',
]);

/** The `critical_keywords` of the seed's example config file. */
export const SEED_CONFIG_CRITICAL_KEYWORDS: readonly string[] = Object.freeze([
  'database migration',
  'production deployment',
  'delete all',
  'drop table',
  'force push',
]);

const r = (source: string, flags = 'i'): RegExp => new RegExp(source, flags);

/** Case-sensitive SQL rules only trust upper case in a text that is not written all in capitals. */
const HAS_LOWER_CASE = /\p{Ll}/u;

/** After a command: a noun that makes the command a mention ("npm publish credentials"). */
const COMMAND_NOT_AFTER = String.raw`(?![^\S\n]*[-_]?(?:credentials?|tokens?|steps?|jobs?|errors?|failures?|commands?|wrappers?|scripts?|config\w*|permissions?|logs?|output|retr(?:y|ies)|timeouts?|flags?|options?|hooks?|workflows?|pipelines?|docs?|documentation|tests?|calls?|invocations?|usage|support|helpers?|functions?|behaviou?r|prompts?|confirmations?|on\s+(?:\S+\s+)?(?:errors?|failures?|timeouts?))\b)`;

/** Database words as a destination / source ("into the orders table", "from the database"). */
const DB_PLACE = String.raw`(?:databases?|dbs?|tables?|collections?|datastores?|data\s+warehouse|postgres(?:ql)?|mysql|mongo(?:db)?|dynamodb|redis|elasticsearch|cluster)`;
/** Words that end the window between a deletion verb and "from the <database>". */
const DELETE_PLACE_GAP_EXCLUDED = String.raw`buttons?|icons?|links?|labels?|components?|docs?|documentation|tests?|specs?|mocks?|fixtures?|examples?|references?|mentions?|usages?|code|logic|support|functions?|methods?|class(?:es)?|types?|interfaces?|models?|imports?|dependenc(?:y|ies)|packages?|modules?|helpers?|utils?|hooks?|routes?|endpoints?|handlers?|config\w*|settings|variables?|debug|console|logging|comments?|todos?`;

/** After a database word: code that merely talks to the database. */
const DB_NOT_CODE = String.raw`(?!\s*[-_]?\s*(?:modules?|clients?|layer|helpers?|utils?|models?|components?|library|libraries|adapters?|drivers?|wrappers?|access|code|tests?|mocks?|docs?|config\w*|schema\s+files?|types?|services?|views?|ui)\b)(?!\.\w)`;

const RUN_VERBS = String.raw`\b(?:run|runs|running|re-?run|re-?runs|execute|executes|executing|re-?execute|apply|applies|applying|re-?apply|perform|performs|performing|trigger|triggers|triggering|invoke|invokes|deploy|deploys|deploying|roll\s+out|rolls\s+out|rolling\s+out|roll(?:ing)?[- ]?back(?!\s+(?:scripts?|plans?|procedures?|steps|strateg\w*|docs?|tests?|paths?|sql|files?|options?|mechanism)\b)|rolls\s+back|rollback(?!\s+(?:scripts?|plans?|procedures?|steps|strateg\w*|docs?|tests?|paths?|sql|files?|options?|mechanism)\b)|revert|reverts|reverting|undo|downgrade|downgrades|downgrading|push|pushes|pushing|ship|promote)\b`;

const MIGRATION_GAP_EXCLUDED = String.raw`tests?|specs?|lint\w*|checks?|docs?|documentation|reviews?|generators?|generation|tool\w*|guides?|examples?|plans?|status|history|dry-?runs?|previews?|diffs?|codemods?`;

const migrationRules: CriticalRule[] = [
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

/** Words that end the window before a table / column noun: what follows is not the dropped object. */
const DDL_GAP_EXCLUDED = String.raw`from|in|on|of|inside|within|at|into|to|for|with|by|buttons?|icons?|links?|labels?|headers?|cells?|titles?|layout|sidebar|width|borders?|captions?|pagination|sorting|styles?|css|components?|text|tooltips?|filters?|selection|checkbox(?:es)?|docs?|documentation|tests?|specs?|mocks?|fixtures?|examples?|references?|mentions?|usages?|code|logic|support|files?|functions?|methods?|class(?:es)?|types?|interfaces?|models?|dependenc(?:y|ies)|packages?|modules?|helpers?|utils?|views?|pages?|screens?|dialogs?|modals?|forms?`;

const schemaRules: CriticalRule[] = [
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

/** A test database in the clause: dropping / truncating its tables is routine. */
const DDL_TEST_CLAUSE = new RegExp(
  String.raw`${UI_CLAUSE.source}|\b(?:test|testing|e2e|mock|fake|in-memory|fixture)\s+(?:db|database|schema|tables?|env|environment)\b|\bbetween\s+(?:tests|runs|test\s+runs)\b|\b(?:before|after)\s*(?:each|all)\b`,
  'i',
);

const SQL_IDENT_EXCLUDED = String.raw`(?!(?:migrations?|statements?|scripts?|quer(?:y|ies)|commands?|support|syntax|handling|logic|checks?|tests?|detection|guards?|warnings?|lint|rules?|cases?|examples?|in|from|to|for|and|or|with|the|a|an|is|are|was|should|must|will|operations?|privileges?|permissions?|statement|ddl|sql|calls?|usage|usages)\b)`;
const SQL_IDENT = String.raw`[\w."$\[\]-]+`;

const ddlRules: CriticalRule[] = [
  {
    id: 'ddl.sql-drop',
    category: 'destructive-ddl',
    description: 'A DROP statement on a table, column, index, schema or collection',
    pattern: r(
      String.raw`\bdrop\s+(?:table|tables|schema|index|materialized\s+view|column|constraint|sequence|collection|keyspace|extension|partition|foreign\s+key)\b(?:\s+if\s+exists)?(?:\s+concurrently)?\s+${SQL_IDENT_EXCLUDED}${SQL_IDENT}`,
    ),
  },
  {
    id: 'ddl.sql-drop-upper',
    category: 'destructive-ddl',
    description: 'An upper-case DROP statement (view, type, function, trigger, role, ...)',
    requires: HAS_LOWER_CASE,
    pattern: r(
      String.raw`\bDROP\s+(?:VIEW|TYPE|TRIGGER|FUNCTION|PROCEDURE|ROLE|USER|OWNED\s+BY|POLICY|DOMAIN|RULE)\b(?:\s+IF\s+EXISTS)?\s+[\w."$\[\]-]+`,
      '',
    ),
  },
  {
    id: 'ddl.sql-truncate',
    category: 'destructive-ddl',
    description: 'A TRUNCATE statement',
    requires: HAS_LOWER_CASE,
    pattern: r(String.raw`\bTRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?[\w."$]+`, ''),
  },
  {
    id: 'ddl.sql-truncate-table',
    category: 'destructive-ddl',
    description: 'A lower-case TRUNCATE TABLE statement',
    pattern: r(String.raw`\btruncate\s+(?:table\s+(?:only\s+)?${SQL_IDENT_EXCLUDED}[\w."$]+|[\w."$]+\s*(?:;|\bcascade\b|\brestart\s+identity\b))`),
  },
  {
    id: 'ddl.sql-alter',
    category: 'destructive-ddl',
    description: 'An ALTER statement on a table, column, index, schema or database',
    pattern: r(
      String.raw`\balter\s+(?:table|database|schema|column|index|sequence|materialized\s+view)\s+(?:if\s+exists\s+)?(?:only\s+)?${SQL_IDENT_EXCLUDED}${SQL_IDENT}`,
    ),
  },
  {
    id: 'ddl.sql-alter-upper',
    category: 'destructive-ddl',
    description: 'An upper-case ALTER statement (type, view, role, ...)',
    requires: HAS_LOWER_CASE,
    pattern: r(String.raw`\bALTER\s+(?:TYPE|VIEW|ROLE|USER|DOMAIN|POLICY|FUNCTION)\s+[\w."$\[\]-]+`, ''),
  },
  {
    id: 'ddl.drop-prose',
    category: 'destructive-ddl',
    description: 'Drops or deletes a table, column, index or schema',
    context: 'content',
    unless: DDL_TEST_CLAUSE,
    pattern: r(
      String.raw`\b(?:drop|drops|dropping|remove|removes|removing|delete|deletes|deleting|destroy|destroys|nuke|nukes|get\s+rid\s+of)\b` +
        gap(4, DDL_GAP_EXCLUDED) +
        String.raw`\s+(?:tables?|columns?|indexes|indices|index|schemas?|collections?|constraints?|partitions?|foreign\s+keys?|materialized\s+views?|keyspaces?)\b` +
        TABLE_UI_AFTER +
        String.raw`(?!\s+(?:from|in|of)\s+(?:the\s+)?(?:\S+\s+)?(?:dataframe|df|array|list|csv|spreadsheet|json|response|payload|output|report|export|models?|class|interface|type|types|form|query\s+builder|select)\b)`,
    ),
  },
  {
    id: 'ddl.drop-legacy-identifier',
    category: 'destructive-ddl',
    description: 'Drops / deletes a table-like identifier with a legacy suffix ("orders_v1", "users_old")',
    context: 'content',
    unless: DDL_TEST_CLAUSE,
    pattern: r(
      String.raw`\b(?:drop|drops|dropping|delete|deletes|deleting|remove|removes|removing|truncate|truncates|purge|purges)\s+(?:the\s+)?(?:[a-z][a-z0-9]*_)+(?:v\d+|old|legacy|backup|bak|tmp|temp|archive|archived|deprecated|copy)\b` +
        String.raw`(?![.\w-])(?!\s*[-_]?\s*(?:${UI_CODE_WORDS})\b)`,
    ),
  },
  {
    id: 'ddl.truncate-prose',
    category: 'destructive-ddl',
    description: 'Truncates a table or its data',
    context: 'content',
    unless: DDL_TEST_CLAUSE,
    pattern: r(
      String.raw`\btruncat(?:e|es|ing)\b` +
        gap(3, DDL_GAP_EXCLUDED) +
        String.raw`\s+(?:tables?|collections?|databases?|dbs?|records|rows)\b` +
        TABLE_UI_AFTER,
    ),
  },
  {
    id: 'ddl.alter-prose',
    category: 'destructive-ddl',
    description: 'Alters a table, column or schema',
    context: 'content',
    unless: DDL_TEST_CLAUSE,
    pattern: r(
      String.raw`\balter(?:s|ing)?\b` +
        gap(3, DDL_GAP_EXCLUDED) +
        String.raw`\s+(?:tables?|columns?|schemas?|databases?|dbs?|indexes|index|constraints?|enum\s+types?)\b` +
        TABLE_UI_AFTER,
    ),
  },
];

const dataRules: CriticalRule[] = [
  {
    id: 'data.sql-delete',
    category: 'data-deletion',
    description: 'A DELETE statement',
    requires: HAS_LOWER_CASE,
    pattern: r(String.raw`\bDELETE\s+FROM\s+[\w."$\[\]]+`, ''),
  },
  {
    id: 'data.sql-delete-lower',
    category: 'data-deletion',
    description: 'A lower-case DELETE statement with a WHERE clause or terminator',
    pattern: r(String.raw`\bdelete\s+from\s+[\w."$\[\]]+(?:\s+(?:as\s+)?\w+)?\s*(?:;|\bwhere\b|\busing\b|\breturning\b)`),
  },
  {
    id: 'data.sql-update',
    category: 'data-deletion',
    description: 'An UPDATE ... SET statement (overwrites data)',
    requires: HAS_LOWER_CASE,
    pattern: r(String.raw`\bUPDATE\s+[\w."$\[\]]+\s+SET\s+[\w."$\[\]]+\s*=`, ''),
  },
  {
    id: 'data.sql-update-where',
    category: 'data-deletion',
    description: 'An UPDATE ... SET ... WHERE statement in any case',
    pattern: r(String.raw`\bupdate\s+[\w."$\[\]]+\s+set\s+[\w."$\[\]]+\s*=\s*\S+(?:\s+\S+){0,6}?\s+where\b`),
  },
  {
    id: 'data.mongo-delete',
    category: 'data-deletion',
    description: 'A MongoDB deletion call',
    pattern: r(String.raw`\bdb\.[\w$]+\.(?:deleteMany|remove|drop|findOneAndDelete|deleteOne)\s*\(|\.deleteMany\(\s*\{\s*\}\s*\)`),
  },
  {
    id: 'data.delete-prose',
    category: 'data-deletion',
    description: 'Deletes, purges or wipes data records',
    context: 'content',
    unless: UI_CLAUSE,
    pattern: r(
      DELETE_VERBS +
        gap(4, String.raw`${DATA_GAP_EXCLUDED}|from|in|on|at|to|for|with|into|by`) +
        String.raw`\s+${DATA_NOUN}\b` +
        DATA_NOT_AFTER +
        String.raw`(?!\s+(?:on|when|after|upon|if|whenever|once)\s+(?:\S+\s+)?(?:logout|log\s+out|sign\s*out|password|change|changes|request|expiry|expiration|deletion|timeout|event|error|failure|idle|inactivity|revocation)\b)` +
        String.raw`(?!\s+(?:from|in|of|inside|within)\s+(?:the\s+|a\s+|an\s+|this\s+)?(?:\S+\s+)?(?:dataframe|df|arrays?|lists?|csv|spreadsheet|json|map|dict|dictionary|objects?|payload|responses?|output|ui|page|component|state|(?:redux|vuex|pinia|zustand|mobx|client|ui|frontend|svelte|local)\s+store|cache|local\s?storage|memory|fixtures?|mocks?|tests?|codebase|code|source|repo|repository|bundle|frontend|logs?|console|error\s+messages?|settings|profile|team|group|channel|mailing\s+list|list)\b)`,
    ),
  },
  {
    id: 'data.delete-from-db',
    category: 'data-deletion',
    description: 'Deletes something from a database, table or collection',
    context: 'content',
    unless: UI_CLAUSE,
    pattern: r(
      DELETE_VERBS +
        gap(6, DELETE_PLACE_GAP_EXCLUDED) +
        String.raw`\s+(?:from|in|out\s+of)\s+(?:the\s+|a\s+|our\s+)?(?:\S+\s+){0,2}?(?:${DB_PLACE}|s3|gcs|azure\s+blob|blob\s+storage|object\s+storage|buckets?)\b` +
        DB_NOT_CODE +
        TABLE_UI_AFTER,
    ),
  },
  {
    id: 'data.purge-table',
    category: 'data-deletion',
    description: 'Purges, empties or clears a table or collection',
    context: 'content',
    unless: DDL_TEST_CLAUSE,
    pattern: r(
      String.raw`\b(?:purge|purges|purging|wipe|wipes|wiping|empty|empties|emptying|clear|clears|clearing|clean\s+out|cleans\s+out|flush|flushes|flushing)\b` +
        gap(3, DDL_GAP_EXCLUDED) +
        String.raw`\s+(?:tables?|collections?)\b` +
        TABLE_UI_AFTER,
    ),
  },
  {
    id: 'data.permanent-delete',
    category: 'data-deletion',
    description: 'A permanent / hard deletion',
    context: 'content',
    pattern: r(
      String.raw`\b(?:(?:permanently|irreversibly|irrevocably)\s+(?:delete|deletes|deleting|remove|removes|removing|erase|erases|purge|purges|destroy|destroys|wipe|wipes)|hard[- ]delet(?:e|es|ing))\b` +
        String.raw`(?!\s+(?:\S+\s+){0,2}?(?:${UI_CODE_WORDS}|mode|behaviou?r|semantics)\b)`,
    ),
  },
  {
    id: 'data.bulk-deletion',
    category: 'data-deletion',
    description: 'A bulk or permanent deletion named as a noun',
    pattern: r(
      String.raw`\b(?:bulk|mass|permanent|hard|irreversible)\s+(?:deletion|delete|purge|removal|wipe)\s+of\b|\b(?:data|record|account|user)\s+(?:purge|wipe)\b(?!\s*[-_]?\s*(?:job\s+)?(?:docs?|tests?|plans?|polic(?:y|ies)|script|feature|logic|endpoint)\b)`,
    ),
  },
  {
    id: 'data.seed-nominal',
    category: 'data-deletion',
    description: 'The seed\'s "data deletion" named as the task itself',
    pattern: r(
      String.raw`\b(?:data|records?|bulk|mass)\s+deletions?\b(?!\s*[-_]?\s*(?:${UI_CODE_WORDS}|requests?|ui|api|handling|polic(?:y|ies)|compliance\s+docs?)\b)`,
    ),
  },
  {
    id: 'data.retention-delete',
    category: 'data-deletion',
    description: 'Deletes data selected by age or inactivity ("older than a year")',
    context: 'content',
    unless: UI_CLAUSE,
    pattern: r(
      DELETE_VERBS +
        gap(4, UI_CODE_WORDS) +
        String.raw`\s+(?!(?:${CODE_WORDS})\b)\S+\s+(?:older\s+than|created\s+before|from\s+before|prior\s+to|before\s+(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|last\s+(?:year|month|quarter)|the\s+cutoff)|not\s+(?:updated|used|accessed|modified)\s+(?:since|in|for)|inactive\s+(?:for|since)|last\s+(?:seen|active|modified|updated|used)\s+(?:before|over|more)|with\s+no\s+activity)\b`,
    ),
  },
  {
    id: 'data.run-deletion',
    category: 'data-deletion',
    description: 'Runs an erasure / deletion (GDPR deletion, data purge)',
    pattern: r(
      String.raw`\b(?:run|runs|execute|executes|process|processes|perform|performs|carry\s+out|complete|fulfil|fulfill|fulfils|fulfills|trigger|triggers)\b` +
        gap(3) +
        String.raw`\s+(?:gdpr|ccpa|right[- ]to[- ](?:be[- ])?(?:forgotten|erasure)|data|account|user|customer|bulk|hard|mass)\s+(?:deletions?|erasures?|purges?|wipes?)\b` +
        String.raw`(?!\s*[-_]?\s*(?:tests?|docs?|documentation|flows?|logic|endpoints?|handlers?|features?|polic(?:y|ies)|design|specs?|reviews?)\b)`,
    ),
  },
];

const historyRules: CriticalRule[] = [
  {
    id: 'git.force-push',
    category: 'history-rewrite',
    description: 'A force push (git push --force / -f / --force-with-lease / +refspec / --mirror)',
    pattern: r(
      String.raw`\bgit\s+push\b${ARGS}\s(?:--force(?:-with-lease|-if-includes)?\b|-f\b|--mirror\b|\+[\w/.@{}~^-]+)|\bforce[-\s]?push(?:es|ed|ing)?\b|\bpush(?:es|ing)?\s+(?:\S+\s+){0,3}?--force\b`,
    ),
  },
  {
    id: 'git.rewrite-command',
    category: 'history-rewrite',
    description: 'A history-rewriting git command (filter-branch, filter-repo, BFG, reset --hard)',
    pattern: r(String.raw`\bgit\s+filter-(?:branch|repo)\b|\bfilter-repo\b|\bbfg\b(?:\s+repo-?cleaner)?|\bgit\s+reset\s+(?:\S+\s+)?--hard\b|\bhard[- ]reset\b|\breset\s+--hard\b`),
  },
  {
    id: 'git.rewrite-prose',
    category: 'history-rewrite',
    description: 'Rewrites, rebases or amends published history',
    unless: /\b(?:browser|router|navigation|undo|chat|search|query|command|shell|bash|edit|version|browsing|watch|purchase|order|payment|transaction|login)\s+history\b|\bhistory\s+(?:api|stack|page|tab|view|panel|component|section|sidebar|list)\b/i,
    pattern: r(
      String.raw`\brewrit(?:e|es|ing)\b` +
        gap(3, String.raw`docs?|documentation|readme|tests?|browser|router|navigation|chat|search`) +
        String.raw`\s+history\b` +
        String.raw`|\b(?:remove|removes|removing|purge|purges|purging|scrub|scrubs|scrubbing|strip|strips|delete|deletes|deleting|erase|erases|expunge|clean)\b` +
        gap(5) +
        String.raw`\s+(?:from|out\s+of|in)\s+(?:the\s+)?(?:entire\s+|full\s+|whole\s+)?(?:git\s+|commit\s+|repo(?:sitory)?\s+|repo's\s+|repository's\s+)history\b` +
        String.raw`|\brebas(?:e|es|ing)\s+(?:the\s+|our\s+)?(?:main|master|develop|trunk|shared|published|public|pushed|remote|release)\b(?!\s+(?:onto|on)\b)` +
        String.raw`|\boverwrit(?:e|es|ing)\b` +
        gap(2) +
        String.raw`\s+(?:remote|origin|upstream|published|shared)\s+(?:\S+\s+)?(?:branch|branches|main|master|history|tags?)\b` +
        String.raw`|\b(?:amend|amends|amending|squash|squashes|squashing)\b` +
        gap(2) +
        String.raw`\s+(?:pushed|published)\s+commits?\b`,
    ),
  },
];

const PUBLISH_GAP_EXCLUDED = String.raw`docs?|documentation|notes|readme|tests?|specs?|changelog|blog|posts?|articles?|branch|branches|locks?|memory|resources?|connections?|handles?|events?|messages?|buttons?|candidates?|plans?|checklists?|pr|prs|workflows?|pipelines?|process|tag`;

const PUBLISH_TARGETS = String.raw`(?:npm(?:js)?(?:\s+registry)?|pypi|test\.?pypi|crates\.io|crates|rubygems(?:\.org)?|maven\s+central|maven|nuget|docker\s*hub|dockerhub|ghcr(?:\.io)?|gcr|ecr|acr|quay(?:\.io)?|artifact\s+registry|container\s+registry|(?:package|npm|docker|image|artifact|private|public|internal|company)\s+registry|registry|jsr|hex(?:\.pm)?|cocoapods|packagist|(?:vs\s*code\s+|visual\s+studio\s+)?marketplace|open\s+vsx|chrome\s+web\s+store|app\s+store|play\s+store|google\s+play|testflight|homebrew|github\s+packages|artifactory|nexus)\b`;

const publishRules: CriticalRule[] = [
  {
    id: 'publish.command',
    category: 'publish',
    description: 'A package / image publishing command',
    pattern: r(
      `(?:${[
        String.raw`\b(?:npm|yarn|pnpm|bun)\s+(?:npm\s+)?publish\b`,
        String.raw`\b(?:changesets?|@changesets\/cli)\s+publish\b`,
        String.raw`\blerna\s+publish\b`,
        String.raw`\bnx\s+release\s+publish\b`,
        String.raw`\bcargo\s+publish\b`,
        String.raw`\btwine\s+upload\b`,
        String.raw`\b(?:poetry|flit|hatch|uv|pdm)\s+publish\b`,
        String.raw`\bgem\s+push\b`,
        String.raw`\bdocker\s+(?:image\s+)?push\b`,
        String.raw`\bdocker\s+buildx\s+build\b${ARGS}\s--push\b`,
        String.raw`\b(?:podman|buildah|crane|helm|oras)\s+push\b`,
        String.raw`\bmvn\s+(?:\S+\s+){0,5}?deploy\b`,
        String.raw`\b(?:\.\/)?gradlew?\s+(?:\S+\s+){0,5}?publish\w*`,
        String.raw`\b(?:dotnet\s+)?nuget\s+push\b`,
        String.raw`\bpod\s+trunk\s+push\b`,
        String.raw`\bgh\s+release\s+create\b`,
        String.raw`\bgoreleaser\s+release\b(?!${ARGS}--snapshot)`,
        String.raw`\b(?:vsce|ovsx|jsr|deno)\s+publish\b`,
        String.raw`\bsemantic-release\b(?!${ARGS}--dry-run)`,
        String.raw`\bfastlane\s+(?:\S+\s+)?(?:release|deliver|upload_to_app_store|supply|pilot)\b`,
        String.raw`\bxcrun\s+altool\b${ARGS}--upload`,
        String.raw`\b(?:npm|yarn|pnpm)\s+(?:unpublish|deprecate)\b`,
        String.raw`\b(?:cargo|gem)\s+yank\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'publish.to-registry',
    category: 'publish',
    description: 'Publishes, pushes or uploads to a package / image registry or store',
    pattern: r(
      String.raw`\b(?:publish|publishes|publishing|republish|release|releases|releasing|ship|ships|shipping|upload|uploads|uploading|push|pushes|pushing|deploy|deploys|deploying|submit|submits)\b` +
        gap(5, String.raw`docs?|documentation|readme|tests?|specs?|changes|commits?|branch|branches|fix|fixes|pr|notes|schema`) +
        String.raw`\s+(?:to|on|onto|into)\s+(?:the\s+)?(?:public\s+)?` +
        PUBLISH_TARGETS,
    ),
  },
  {
    id: 'publish.release',
    category: 'publish',
    description: 'Publishes or releases a package, version or image',
    pattern: r(
      String.raw`\b(?:publish|publishes|publishing|republish|release|releases|releasing|cut|cuts|ship|ships|push|pushes|pushing|upload|uploads|uploading)\b` +
        gap(3, PUBLISH_GAP_EXCLUDED) +
        String.raw`\s+(?:v\d+(?:\.\d+){0,3}(?:-[\w.]+)?\b|\d+(?:\.\d+){1,3}(?:-[\w.]+)?\b` +
        String.raw`|version\b(?!\s+(?:bump|number|string|check|field|history|notes|control|constraints?|range|of\s+the\s+docs))` +
        String.raw`|release\b(?!\s+(?:notes|branch|checklist|plan|pr|script|workflow|pipeline|process|candidate\s+branch|docs?|tag|please|drafter|config\w*|job|automation|tooling|flow|strategy|cadence|schedule|date|announcement|blog)\b)` +
        String.raw`|(?:npm\s+|python\s+|rust\s+|ruby\s+|java\s+|go\s+)?(?:package|packages|library|crate|crates|gem|gems|sdk|sdks|cli|wheel|wheels|helm\s+chart|chart|extension|plugin|container\s+image|docker\s+image|image|images|binaries)\b` +
        String.raw`(?!\s*[-_.]?\s*(?:json|lock|name|names|scope|metadata|docs?|documentation|readme|tests?|config\w*|scripts?|exports?|structure|layout|boundaries|manager|size|version\s+field|ci|settings?)\b))`,
    ),
  },
  {
    id: 'publish.lead',
    category: 'publish',
    description: 'A task whose action is to publish ("Bump the version and publish")',
    lead: true,
    unless: /\b(?:docs?|documentation|blog|posts?|articles?|events?|messages?|kafka|topics?|queues?|pub\/?sub|mqtt|channels?|coverage|reports?|results|metrics|pages|site|website|wiki|notes)\b/i,
    pattern: r(String.raw`\b(?:publish|publishes|publishing)\b(?!\s*[-_]?\s*(?:steps?|jobs?|workflows?|scripts?|config\w*|commands?|settings|buttons?|flows?|endpoints?|apis?|permissions?|tokens?|dates?|status)\b)`),
  },
  {
    id: 'publish.create-release',
    category: 'publish',
    description: 'Creates a GitHub / GitLab release',
    pattern: r(
      String.raw`\b(?:create|creates|creating|make|publish|cut)\s+(?:a\s+|the\s+|new\s+){0,2}(?:github|gitlab|gh)\s+release\b(?!\s*[-_]?\s*(?:notes|drafts?|workflow|action|job|pipeline|script|docs?|template|config\w*)\b)`,
    ),
  },
  {
    id: 'publish.trigger-workflow',
    category: 'publish',
    description: 'Triggers a release / publish pipeline',
    pattern: r(
      String.raw`\b(?:trigger|triggers|run|runs|kick\s+off|start|execute|dispatch)\b` +
        gap(2) +
        String.raw`\s+(?:release|publish|publishing|(?:production|prod|live)\s+(?:deploy|deployment|release|rollout))\s+(?:workflow|pipeline|job|action)\b`,
    ),
  },
  {
    id: 'publish.withdraw',
    category: 'publish',
    description: 'Unpublishes, yanks or deletes a published version or remote tag',
    pattern: r(
      String.raw`\b(?:unpublish|unpublishes|unpublishing|yank|yanks|yanking|retract|retracts)\b` +
        gap(3) +
        String.raw`\s+(?:v?\d+(?:\.\d+){0,3}\b|versions?|releases?|packages?|crates?|gems?|modules?)` +
        String.raw`|\b(?:delete|deletes|deleting|remove|removes|removing|deprecate|deprecates|unpublish)\b` +
        gap(3) +
        String.raw`\s+(?:published|released)\s+(?:\S+\s+){0,2}?(?:versions?|releases?|packages?|crates?|gems?|images?|tags?|v?\d+(?:\.\d+){1,3})\b` +
        String.raw`|\b(?:delete|deletes|deleting|remove|removes|removing)\b` +
        gap(3) +
        String.raw`\s+tags?\s+(?:from|on)\s+(?:the\s+)?(?:remote|origin|upstream|github|gitlab)\b`,
    ),
  },
];

const DEPLOY_VERBS = String.raw`\b(?:deploy|deploys|deploying|redeploy|redeploys|redeploying|release|releases|releasing|ship|ships|shipping|push|pushes|pushing|promote|promotes|promoting|roll\s+out|rolls\s+out|rolling\s+out|rollout|launch|launches|launching|publish|publishes|go\s+live|cut\s+over|cuts\s+over|switch\s+over|hotfix|hotfixes|roll\s+back|rolls\s+back|rollback|revert|reverts)\b`;

const PROD_CHANGE_VERBS = String.raw`\b(?:update|updates|updating|modify|modifies|modifying|change|changes|changing|alter|alters|patch|patches|patching|restart|restarts|restarting|reboot|reboots|bounce|scale|scales|scaling|rotate|rotates|rotating|upgrade|upgrades|upgrading|downgrade|reconfigure|flush|flushes|clear|clears|wipe|wipes|reset|resets|restore|restores|reindex|backfill|backfills|backfilling|seed|seeds|seeding|load|loads|import|imports|importing|insert|inserts|delete|deletes|deleting|remove|removes|removing|drop|drops|truncate|purge|purges|destroy|destroys|tear\s+down|shut\s+down|shutdown|stop|stops|kill|kills|decommission|terminate|terminates|disable|disables|toggle|flip|failover|fail\s+over|revoke|revokes|invalidate|invalidates|deactivate|deactivates|suspend|suspends|set|sets|edit|edits|write\s+to|migrate|migrates|migrating|apply|applies|applying|execute|executes|executing|run\s+(?:the\s+)?(?:\S+\s+)?(?:sql|scripts?|migrations?|backfills?|jobs?|commands?|patch|fix|cleanup|seeders?|statements?))\b`;

const DEPLOY_NOT_AFTER = String.raw`(?!\s*[-_]?\s*(?:scripts?|keys?|pipelines?|jobs?|workflows?|process|steps?|config\w*|docs?|documentation|guides?|checklists?|runbooks?|tests?|previews?|targets?|hooks?|tokens?|logs?|status|buttons?|commands?|tools?|tooling|stages?|actions?|strateg\w*|plans?|notes|templates?|user|bot|branch|frequency|time|window|freeze|permissions?|roles?|failures?|errors?|issues?|bugs?|flow|diagram|automation|setup|infrastructure|artifacts?|environments?\s+(?:docs|variables)|webhooks?|secrets?|credentials?|queue|history|dashboard|badge|notifications?|slack)\b)`;

const deployRules: CriticalRule[] = [
  {
    id: 'deploy.to-production',
    category: 'production-deploy',
    description: 'Deploys, releases or promotes to production',
    pattern: r(DEPLOY_VERBS + gap(8, DEPLOY_GAP_EXCLUDED) + String.raw`\s+` + PROD_TARGET),
  },
  {
    id: 'deploy.change-production',
    category: 'production-deploy',
    description: 'Changes, restarts, scales or writes to production',
    pattern: r(PROD_CHANGE_VERBS + gap(8, PROD_GAP_EXCLUDED) + String.raw`\s+` + PROD_TARGET),
  },
  {
    id: 'deploy.production-objects',
    category: 'production-deploy',
    description: 'Creates database objects or toggles flags in production; switches production traffic',
    pattern: r(
      String.raw`\b(?:add|adds|adding|create|creates|creating|build|builds)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+(?:columns?|indexe?s?|indices|constraints?|tables?|triggers?|users?|roles?|records?|rows?|partitions?)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+` +
        PROD_TARGET +
        String.raw`|\b(?:enable|enables|enabling|disable|disables|disabling|turn\s+on|turn\s+off|flip|flips|toggle|toggles)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+(?:flags?|features?|toggles?|kill\s*switch(?:es)?)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+` +
        PROD_TARGET +
        String.raw`|\b(?:switch|switches|shift|shifts|route|routes|redirect|redirects|move|moves|send|sends|cut\s+over|fail\s+over|failover)\s+(?:all\s+)?(?:the\s+)?(?:\S+\s+)?traffic\s+(?:to|from|over|away|back)\b` +
        String.raw`|\b(?:shift|shifts|route|routes|send|sends|move|moves|promote|promotes|roll\s+out|rolls\s+out|ramp(?:\s+up)?|ramps(?:\s+up)?|expose|exposes|release|releases|increase|increases)\b` +
        gap(4, PROD_GAP_EXCLUDED) +
        String.raw`\s+\d{1,3}\s*%\s+(?:of\s+)?(?:the\s+|all\s+)?(?:production\s+|prod\s+|live\s+)?(?:traffic|users|requests|customers|fleet)\b` +
        String.raw`|\bpromot(?:e|es|ing)\s+(?:the\s+)?canary\b` +
        String.raw`|\b(?:database|db|traffic|dns|production|prod)\s+(?:cutover|cut-over|failover|switchover)\b(?!\s*[-_]?\s*(?:plans?|docs?|tests?|runbooks?|checklists?|drills?|rehearsals?)\b)`,
    ),
  },
  {
    id: 'deploy.production-nominal',
    category: 'production-deploy',
    description: 'A production deployment or release named as a noun',
    pattern: r(
      String.raw`\b(?:(?:prod|production|live)\s+(?:deploy|deployment|deploys|release|rollout|roll-out|push|cutover|cut-over|launch|migration|database\s+migration|db\s+migration|schema\s+(?:change|migration)|hotfix|go-live)` +
        String.raw`|(?:deployment|deploy|release|rollout|migration|hotfix|cutover)s?\s+(?:to|on|in|into|against)\s+(?:the\s+)?(?:prod|production|live))\b` +
        String.raw`(?!\s*[-_]?\s*(?:checklists?|runbooks?|docs?|documentation|guides?|plans?|pipelines?|scripts?|config\w*|workflows?|templates?|notes|process|steps|tests?|strateg\w*|diagrams?|job\s+definitions?|automation|tooling|permissions?|credentials?|keys?|logs?|status\s+page|dashboards?|window|schedule|calendar|freeze|readiness|review|environment\s+variables|settings|branch|process)\b)` +
        String.raw`|\bgo(?:es|ing)?[- ]live\b(?!\s*[-_]?\s*(?:checklists?|plans?|date|readiness|criteria|review|docs?)\b)`,
    ),
  },
  {
    id: 'deploy.lead',
    category: 'production-deploy',
    description: 'A task whose action is a deploy with no non-production target ("Deploy the API")',
    lead: true,
    unless: r(NON_PROD),
    pattern: r(String.raw`\b(?:deploy|deploys|deploying|redeploy|redeploys|redeploying|roll\s+out|rolling\s+out)\b` + DEPLOY_NOT_AFTER),
  },
  {
    id: 'deploy.platform-command',
    category: 'production-deploy',
    description: 'A hosting platform deploy command',
    unless: r(NON_PROD),
    pattern: r(
      `(?:${[
        String.raw`\b(?:fly|flyctl)\s+deploy\b`,
        String.raw`\bvercel\b${ARGS}\s--prod\b`,
        String.raw`\bnetlify\s+deploy\b${ARGS}\s--prod\b`,
        String.raw`\bfirebase\s+deploy\b`,
        String.raw`\bwrangler\s+(?:deploy|publish)\b`,
        String.raw`\bgit\s+push\s+(?:heroku|dokku|production|prod)\b`,
        String.raw`\bcap\s+production\s+deploy\b`,
        String.raw`\beb\s+deploy\b`,
        String.raw`\bcopilot\s+(?:svc\s+)?deploy\b`,
        String.raw`\brailway\s+up\b`,
        String.raw`\bsst\s+deploy\b`,
        String.raw`\bamplify\s+publish\b`,
        String.raw`\bkamal\s+deploy\b`,
        String.raw`\bgcloud\s+(?:app|run|functions)\s+deploy\b`,
        String.raw`\bargocd\s+app\s+(?:sync|rollback)\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
];

const INFRA_NOUNS = String.raw`(?:(?:kubernetes|k8s|eks|gke|aks|ecs|rds|ec2|s3|gcs|aws|gcp|azure|cloud|vpc|kafka|redis|elasticsearch|opensearch|production|prod|staging)\s+)?(?:clusters?|infrastructure|infra|environments?|envs?|stacks?|vpcs?|instances?|servers?|vms?|virtual\s+machines?|nodes?|node\s+pools?|namespaces?|buckets?|load\s+balancers?|resource\s+groups?|droplets?|dns\s+(?:records?|zones?)|hosted\s+zones?|certificates?|volumes?|disks?|subnets?|security\s+groups?|iam\s+roles?|lambdas?|cloud\s+functions?|rds\s+instances?)\b`;

const infraRules: CriticalRule[] = [
  {
    id: 'infra.command',
    category: 'infrastructure',
    description: 'An infrastructure apply / destroy command',
    pattern: r(
      `(?:${[
        String.raw`\bterraform\s+(?:-chdir=\S+\s+)?(?:apply|destroy|import|taint|untaint|force-unlock|state\s+(?:rm|mv|push|replace-provider))\b`,
        String.raw`\btofu\s+(?:apply|destroy)\b`,
        String.raw`\bterragrunt\s+(?:run-all\s+)?(?:apply|destroy)\b`,
        String.raw`\bpulumi\s+(?:up|destroy|update|refresh|import|state\s+delete)\b`,
        String.raw`\bcdk(?:tf)?\s+(?:deploy|destroy)\b`,
        String.raw`\b(?:serverless|sls)\s+(?:deploy|remove)\b`,
        String.raw`\baws\s+cloudformation\s+(?:deploy|delete-stack|update-stack|create-stack|execute-change-set)\b`,
        String.raw`\baws\s+s3\s+(?:rm|rb)\b`,
        String.raw`\baws\s+s3\s+sync\b${ARGS}\s--delete\b`,
        String.raw`\baws\s+[\w-]+\s+(?:delete|terminate|remove|deregister)-[\w-]+`,
        String.raw`\bgcloud\s+(?:[\w-]+\s+){1,4}?delete\b`,
        String.raw`\baz\s+(?:[\w-]+\s+){1,4}?delete\b`,
        String.raw`\beksctl\s+(?:delete|upgrade)\b`,
        String.raw`\bdoctl\s+(?:[\w-]+\s+){1,3}?delete\b`,
        String.raw`\bkubectl\s+(?:-{1,2}[\w-]+(?:[ =][\w./:-]+)?\s+){0,4}(?:delete|drain|cordon)\b`,
        String.raw`\bhelm\s+(?:uninstall|delete|rollback)\b`,
        String.raw`\bansible-playbook\b`,
        String.raw`\bdocker(?:-compose|\s+compose)\s+down\b${ARGS}\s(?:-v|--volumes)\b`,
        String.raw`\bdocker\s+volume\s+(?:rm|prune)\b`,
        String.raw`\bdocker\s+system\s+prune\b${ARGS}--volumes\b`,
        String.raw`\bheroku\s+(?:pg:reset|apps:destroy|apps:delete|releases:rollback|pg:promote)\b`,
        String.raw`\bvault\s+(?:delete|kv\s+delete|kv\s+destroy|secrets\s+disable)\b`,
        String.raw`\bnomad\s+job\s+(?:run|stop)\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'infra.cluster-command',
    category: 'infrastructure',
    description: 'A Kubernetes / Helm command that changes a cluster (outside a dev / staging context)',
    unless: r(NON_PROD),
    pattern: r(
      `(?:${[
        String.raw`\bkubectl\s+(?:-{1,2}[\w-]+(?:[ =][\w./:-]+)?\s+){0,4}(?:apply|create|replace|patch|scale|rollout\s+(?:restart|undo)|set\s+image|edit|label|annotate|taint)\b`,
        String.raw`\bhelm\s+(?:-{1,2}[\w-]+(?:[ =][\w./:-]+)?\s+){0,4}(?:install|upgrade)\b`,
        String.raw`\bflux\s+reconcile\b`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'infra.apply-prose',
    category: 'infrastructure',
    description: 'Applies infrastructure-as-code changes',
    pattern: r(
      String.raw`\b(?:apply|applies|applying|push|pushes|deploy|deploys|roll\s+out|run\s+(?:a\s+|the\s+)?(?:terraform|tofu|pulumi)\s+(?:apply|destroy|up))\b` +
        gap(2, CODE_WORDS) +
        String.raw`\s+(?:terraform|tofu|opentofu|pulumi|cloudformation|cdk|infrastructure|infra|iac)(?:\s+(?:changes?|plan|stack|config(?:uration)?|code|modules?|updates?|resources?))?\b` +
        String.raw`(?!\s*[-_]?\s*(?:validate|fmt|format|init|lint|tflint|docs?|tests?|graph|output|show|console|providers|version|preview|synth|diff|checks?|security\s+scan|scan|docs?)\b)` +
        String.raw`|\b(?:apply|applies|applying)\b` +
        gap(2, CODE_WORDS) +
        String.raw`\s+(?:(?:kubernetes|k8s|kube|helm)\s+(?:manifests?|charts?|config\w*|resources?|changes|yaml)|manifests?\s+to\s+(?:the\s+)?(?:\S+\s+)?cluster)\b`,
    ),
  },
  {
    id: 'infra.destroy-prose',
    category: 'infrastructure',
    description: 'Destroys, tears down or decommissions infrastructure',
    unless: /\b(?:test|testing|tests|e2e|ephemeral|temporary|temp|local|preview|review\s+app|sandbox|dev\s+container|devcontainer|dev\s+server|docker\s+compose|testcontainers?|localstack|mock|inventory|manifests?|files?)\b/i,
    pattern: r(
      String.raw`\b(?:destroy|destroys|destroying|tear\s+down|tears\s+down|tearing\s+down|teardown|decommission|decommissions|decommissioning|deprovision|deprovisions|terminate|terminates|terminating|delete|deletes|deleting|remove|removes|removing|nuke|nukes|shut\s+down|shuts\s+down|shutdown|wipe|scale\s+down|scale\s+to\s+zero)\b` +
        gap(3, CODE_WORDS) +
        String.raw`\s+` +
        INFRA_NOUNS +
        String.raw`(?!\s*[-_]?\s*(?:docs?|documentation|config\w*|modules?|tests?|diagrams?|definitions?|types?|variables?|vars?|files?|setup|of|methods?|classes?|checks?|names?|entry|entries|blocks?|sections?|lines?|references?|mentions?|resources?\s+blocks?)\b)`,
    ),
  },
  {
    id: 'infra.helm-release',
    category: 'infrastructure',
    description: 'Uninstalls or rolls back a Helm release',
    unless: r(NON_PROD),
    pattern: r(
      String.raw`\b(?:uninstall|uninstalls|uninstalling|delete|deletes|remove|removes|roll\s+back|rolls\s+back|rollback)\b` +
        gap(3, CODE_WORDS) +
        String.raw`\s+helm\s+(?:releases?|deployments?|installs?)\b`,
    ),
  },
  {
    id: 'infra.dns',
    category: 'infrastructure',
    description: 'Changes DNS',
    pattern: r(
      String.raw`\b(?:update|updates|change|changes|switch|point|points|modify|flip|cut\s+over|repoint|delete|remove)\b` +
        gap(3, String.raw`docs?|documentation|tests?|readme|guides?`) +
        String.raw`\s+(?:(?:production|prod)\s+)?dns\b(?!\s*[-_]?\s*(?:docs?|documentation|guides?|lookups?|resolution|tests?|cache|resolver|library|helpers?|settings\s+docs)\b)`,
    ),
  },
];

const restoreRules: CriticalRule[] = [
  {
    id: 'db.restore',
    category: 'database-restore',
    description: 'Restores a database, backup or snapshot',
    pattern: r(
      String.raw`\brestor(?:e|es|ing)\b` +
        gap(4, CODE_WORDS) +
        String.raw`\s+(?:(?:prod|production|staging|postgres|postgresql|mysql|mongo(?:db)?|redis|rds|sql)\s+)?(?:databases?|dbs?|backups?|snapshots?|dumps?|data|datastores?|tables?|collections?|point-in-time|pitr)\b` +
        String.raw`(?!\s*[-_]?\s*(?:tests?|docs?|documentation|guides?|procedures?|process|scripts?|runbooks?|drills?|checklists?|plans?|strateg\w*|logic|functions?|code|helpers?|utilit\w*|tools?|features?|flows?|buttons?|endpoints?|ui|structures?|types?|models?)\b)` +
        String.raw`|\broll(?:s|ing)?\s+(?:the\s+)?(?:\S+\s+)?(?:database|db)\s+back\b|\b(?:roll(?:s|ing)?\s*back|revert|reverts|reverting)\s+(?:the\s+)?(?:\S+\s+)?(?:database|db)\s+to\b` +
        String.raw`|\bpoint-in-time\s+(?:restore|recovery)\b(?!\s*[-_]?\s*(?:tests?|docs?|drills?|plans?|runbooks?|procedures?)\b)`,
    ),
  },
  {
    id: 'db.wipe',
    category: 'database-restore',
    description: 'Wipes, resets, drops or flushes a database',
    unless: TEST_DATABASE,
    pattern: r(
      String.raw`\b(?:wipe|wipes|wiping|reset|resets|resetting|reinitiali[sz]e|re-?initiali[sz]e|recreate|re-create|recreates|nuke|nukes|flush|flushes|flushing|erase|erases|empty|empties|clear|clears|clearing|drop|drops|dropping|destroy|destroys|delete|deletes|deleting|remove|removes|purge|purges|overwrite|overwrites|re-?seed|reseed)\b` +
        gap(3, UI_CODE_WORDS) +
        String.raw`\s+(?:(?:prod|production|staging|dev|development|local|main|primary|replica|analytics|reporting|postgres|postgresql|mysql|mongo(?:db)?|redis|sqlite|elasticsearch|opensearch|the)\s+)?(?:databases?|dbs?|datastores?|data\s+stores?|redis|keyspaces?|elasticsearch\s+indices|search\s+index(?:es)?|data\s+warehouse|warehouse|(?:read\s+|database\s+|db\s+)?replicas?)\b` +
        String.raw`(?!\s*[-_]?\s*(?:connections?|pool|clients?|drivers?|config\w*|url|credentials?|passwords?|modules?|layer|adapters?|services?|schema\s+files?|models?|types?|helpers?|utils?|logic|code|access|quer(?:y|ies)|calls?|errors?|docs?|tests?|migrations?|cache|caches|caching|sessions?|state|seeds?|indexes|mocks?|fixtures?|factory|factories|wrappers?)\b)`,
    ),
  },
  {
    id: 'db.command',
    category: 'database-restore',
    description: 'A command that restores, drops, resets or flushes a database',
    pattern: r(
      `(?:${[
        String.raw`\bpg_restore\b`,
        String.raw`\bmongorestore\b`,
        String.raw`\bdropdb\b`,
        String.raw`\bmysqladmin\b${ARGS}\sdrop\b`,
        String.raw`\bredis-cli\b${ARGS}\s(?:flushall|flushdb)\b`,
        String.raw`\b(?:flushall|flushdb)\b`,
        String.raw`\bprisma\s+migrate\s+reset\b`,
        String.raw`\bprisma\s+db\s+push\b${ARGS}--(?:force-reset|accept-data-loss)\b`,
        String.raw`\bmanage\.py\s+(?:flush|reset_db|sqlflush)\b`,
        String.raw`\b(?:rails|rake|bin\/rails|bin\/rake)\s+db:(?:drop|reset|purge|seed:replant|migrate:reset|truncate_all)\b`,
        String.raw`\bmix\s+ecto\.(?:reset|drop)\b`,
        String.raw`\bflyway\s+(?:-\S+\s+){0,8}clean\b`,
        String.raw`\bliquibase\s+(?:-\S+\s+){0,8}drop-?all\b`,
        String.raw`\bsequelize(?:-cli)?\s+db:drop\b`,
        String.raw`\btypeorm\s+schema:drop\b`,
        String.raw`\bmikro-orm\s+(?:schema:drop|schema:fresh|migration:fresh)\b`,
        String.raw`\bartisan\s+(?:migrate:fresh|migrate:reset|db:wipe)\b`,
        String.raw`\bsqlx\s+database\s+(?:drop|reset)\b`,
        String.raw`\bdiesel\s+database\s+reset\b`,
        String.raw`\bdotnet\s+ef\s+database\s+drop\b`,
        String.raw`\bsupabase\s+db\s+reset\b`,
        String.raw`\bknex\s+migrate:rollback\b${ARGS}--all\b`,
        String.raw`\b(?:db\.)?dropDatabase\s*\(`,
        String.raw`\bdrop\s+database\s+(?:if\s+exists\s+)?${SQL_IDENT_EXCLUDED}${SQL_IDENT}`,
      ].join('|')})${COMMAND_NOT_AFTER}`,
    ),
  },
  {
    id: 'db.nominal',
    category: 'database-restore',
    description: 'A database restore / wipe / reset named as a noun',
    unless: TEST_DATABASE,
    pattern: r(
      String.raw`\b(?:database|db)\s+(?:restore|restoration|wipe|reset|teardown|drop|recovery)\b(?!\s*[-_]?\s*(?:tests?|docs?|documentation|guides?|procedures?|process|scripts?|runbooks?|drills?|checklists?|plans?|strateg\w*|logic|functions?|code|helpers?|utilit\w*|tools?|features?|flows?|endpoints?|hooks?|commands?|options?|flags?|steps?)\b)`,
    ),
  },
];

/**
 * Per rule, a cheap pattern that every match of the rule contains: clauses without it skip the
 * rule. Purely an optimisation (a test checks it never changes a verdict).
 */
const ANCHORS: Readonly<Record<string, string>> = {
  'migration.run': 'migrat',
  'migration.cli': String.raw`alembic|upgrade|prisma|knex|db:|manage\.py|django|flyway|liquibase|sequelize|typeorm|mikro|goose|migrat|dbmate|diesel|sqlx|ecto|artisan|drizzle|supabase|hasura|atlas|sqitch|yoyo|dotnet|update-database`,
  'migration.migrate-data': 'migrat',
  'migration.migrate-into-db': 'migrat',
  'migration.upgrade-database': 'grad|bring',
  'migration.nominal': 'migrat',
  'migration.seed-nominal': 'migrat',
  'migration.run-it': 'run|exec|apply',
  'migration.script-against-db': 'sql|ddl|dml|script|statement|backfill|patch|cleanup|seed|batch',
  'schema.apply-changes': 'schema|ddl|database|db',
  'schema.live-schema': 'schema',
  'schema.cli': 'prisma|drizzle|supabase|typeorm|schema|skeema|execute|atlas',
  'schema.modify-table': 'table|column',
  'schema.seed-nominal': 'schema',
  'ddl.sql-drop': 'drop',
  'ddl.sql-drop-upper': 'DROP',
  'ddl.sql-truncate': 'TRUNCATE',
  'ddl.sql-truncate-table': 'truncate',
  'ddl.sql-alter': 'alter',
  'ddl.sql-alter-upper': 'ALTER',
  'ddl.drop-prose': 'table|column|ind[ei]|schema|collection|constraint|partition|foreign|view|keyspace',
  'ddl.drop-legacy-identifier': '_',
  'ddl.truncate-prose': 'truncat',
  'ddl.alter-prose': 'alter',
  'data.sql-delete': 'DELETE',
  'data.sql-delete-lower': 'delete',
  'data.sql-update': 'UPDATE',
  'data.sql-update-where': 'update',
  'data.mongo-delete': 'delete|remove|drop',
  'data.delete-prose': String.raw`record|row|bucket|account|user|customer|member|subscriber|tenant|organi|org|session|order|transaction|payment|invoice|subscription|document|pii|personal|data|audit|histor|backup|snapshot|object|key|event|message|entr|item`,
  'data.purge-table': 'table|collection',
  'data.delete-from-db': 'database|db|table|collection|datastore|warehouse|postgres|mysql|mongo|dynamo|redis|elastic|cluster|s3|gcs|blob|storage|bucket',
  'data.permanent-delete': 'permanent|irrevers|irrevoc|hard',
  'data.bulk-deletion': 'bulk|mass|permanent|hard|irrevers|purge|wipe',
  'data.seed-nominal': 'deletion',
  'data.retention-delete': 'older|before|since|inactive|last|activity|prior',
  'data.run-deletion': 'deletion|erasure|purge|wipe',
  'git.force-push': 'push',
  'git.rewrite-command': 'filter|bfg|reset|hard',
  'git.rewrite-prose': 'histor|rebas|pushed|published|overwrit',
  'publish.command': 'publish|upload|push|deploy|release|semantic|fastlane|altool|deprecate|yank',
  'publish.to-registry': String.raw`npm|pypi|crates|rubygems|maven|nuget|docker|hub|ghcr|gcr|ecr|acr|quay|registry|jsr|hex|cocoapods|packagist|marketplace|vsx|store|play|testflight|homebrew|github|artifactory|nexus`,
  'publish.release': 'publish|releas|cut|ship|push|upload',
  'publish.lead': 'publish',
  'publish.create-release': 'release',
  'publish.trigger-workflow': 'releas|publish|prod|live',
  'publish.withdraw': 'publish|yank|retract|releas|tag',
  'deploy.to-production': 'prod|prd|live',
  'deploy.change-production': 'prod|prd|live',
  'deploy.production-objects': 'prod|prd|live|traffic|%|canary|cut-?over|fail-?over|switchover',
  'deploy.production-nominal': 'prod|live',
  'deploy.lead': 'deploy|roll',
  'deploy.platform-command': 'deploy|vercel|netlify|firebase|wrangler|push|cap|copilot|railway|amplify|argocd',
  'infra.command': 'terraform|tofu|terragrunt|pulumi|cdk|serverless|sls|aws|gcloud|az|eksctl|doctl|kubectl|helm|ansible|docker|heroku|vault|nomad',
  'infra.cluster-command': 'kubectl|helm|flux',
  'infra.apply-prose': 'terraform|tofu|pulumi|cloudformation|cdk|infra|iac|kube|k8s|helm|manifest',
  'infra.destroy-prose': 'cluster|infra|env|stack|vpc|instance|server|vm|virtual|node|namespace|bucket|balancer|resource|droplet|dns|zone|certificate|volume|disk|subnet|security|iam|lambda|function',
  'infra.helm-release': 'helm',
  'infra.dns': 'dns',
  'db.restore': 'restor|point-in-time|roll|revert',
  'db.wipe': 'database|db|datastore|data store|redis|keyspace|elastic|search|warehouse|replica',
  'db.command': 'restore|dropdb|mysqladmin|flush|prisma|manage|db:|ecto|flyway|liquibase|sequelize|typeorm|mikro|artisan|sqlx|diesel|supabase|knex|dropdatabase|drop|dotnet',
  'db.nominal': 'database|db',
};

/** Patterns that mark a clause as a dry run or preview (nothing is changed). */
export const DRY_RUN_PATTERN: RegExp = r(DRY_RUN);

/**
 * The built-in rules, grouped by category. Each pattern is run over every clause of the text;
 * negative context (authoring, review, test, documentation, prevention words; dry runs) is applied
 * by the detector according to each rule's `context`.
 */
export const CRITICAL_RULES: readonly CriticalRule[] = Object.freeze(
  [
    ...migrationRules,
    ...schemaRules,
    ...ddlRules,
    ...dataRules,
    ...historyRules,
    ...publishRules,
    ...deployRules,
    ...infraRules,
    ...restoreRules,
  ].map((rule) => {
    const anchor = ANCHORS[rule.id];
    return Object.freeze(anchor === undefined ? rule : { ...rule, anchor: r(anchor) });
  }),
);
