/**
 * Regex fragments shared by the built-in rules. Every repetition is bounded or runs over a
 * character class disjoint from what follows it, so matching stays linear in the text length.
 * @module
 */
import { CODE_WORDS, alt } from './lexicon.js';

/** Arguments of one shell command: anything up to a line end or command separator, bounded. */
export const ARGS = String.raw`[^\n;&|]{0,200}?`;

/** The verb forms of a word list: "drop" → "drop|drops|dropping" is spelled out by the caller. */
export const DELETE_VERBS = String.raw`\b(?:delete|deletes|deleting|remove|removes|removing|purge|purges|purging|wipe|wipes|wiping|erase|erases|erasing|destroy|destroys|destroying|clear|clears|clearing|clean(?:\s+(?:up|out))?|cleans(?:\s+(?:up|out))?|cleaning(?:\s+(?:up|out))?|cleanup|revoke|revokes|revoking|invalidate|invalidates|invalidating|nuke|nukes|expunge|expunges|hard[- ]delete|hard[- ]deletes|bulk[- ]delete|mass[- ]delete|prune|prunes|pruning|drop|drops|dropping|empty|empties|scrub|scrubs|anonymi[sz]e|anonymi[sz]es|get\s+rid\s+of|permanently\s+(?:delete|remove))\b`;

/** Words after a table / column noun that make it UI or code ("table header", "column width"). */
export const TABLE_UI_AFTER = String.raw`(?!\s*[-_]?\s*(?:components?|headers?|cells?|views?|layout|styles?|styling|css|class(?:es|name)?|props?|widgets?|pagination|sorting|sort|filters?|markup|templates?|titles?|captions?|width|borders?|design|ui|names?|labels?|rows?\s+component|of\s+contents|signatures?|files?|pages?|html|jsx|tsx|md|docs?|toolbars?|actions?|menus?|controls?|buttons?|icons?|in\s+the\s+(?:ui|page|dashboard|sidebar|modal|report|readme|docs?))\b)(?!\.\w)`;

/** Clause words that put a table / column in a UI, document or spreadsheet. */
export const UI_CLAUSE = /\b(?:ui|frontend|react|vue|svelte|angular|component|components|jsx|tsx|html|css|page|screen|grid|datagrid|data\s+grid|sidebar|modal|dialog|widget|admin\s+panel|spreadsheet|excel|csv|dataframe|pandas|markdown|readme|table\s+of\s+contents|table\s+view|tanstack|ag-grid)\b/i;

/** Data nouns: what a deletion of data deletes. */
export const DATA_NOUN = alt(
  String.raw`records?|rows?|(?:s3\s+|gcs\s+|storage\s+)?buckets?|accounts|users|customers|members|subscribers|tenants|organi[sz]ations|orgs|sessions|orders|transactions|payments|invoices|subscriptions|documents`,
  String.raw`pii|personal\s+(?:data|information)|(?:user|customer|account|client|patient|production|prod|tenant|personal|historical|legacy|old|all|existing|stored|live|sensitive)\s+data`,
  String.raw`data(?=\s+(?:from|in|for|of|older|that|which|where|belonging|associated|stored|before|after)\b)|data\s*$`,
  String.raw`audit[\s_]logs?|audit\s+trail|(?:order|payment|transaction|purchase|login|chat|message)\s+history|backups|snapshots`,
  String.raw`objects\s+(?:from|in)\s+(?:the\s+)?(?:\S+\s+)?(?:s3|bucket|gcs|storage)|(?:redis|database|db)\s+keys|keys\s+(?:from|in)\s+redis`,
  String.raw`(?:events|messages|entries|items|documents)\s+(?:from|in)\s+(?:the\s+)?(?:\S+\s+)?(?:table|database|db|collection|datastore|dynamodb|mongo(?:db)?|postgres|mysql)`,
);

/** Words that end the window between a deletion verb and its data noun. */
export const DATA_GAP_EXCLUDED = alt(
  CODE_WORDS,
  String.raw`their|his|her|its|own|your|my|references?|mentions?|usages?|calls?|support|ability|option|way|button|link`,
);

/** After a data noun: code, UI, or an in-memory container make it not data. */
export const DATA_NOT_AFTER = String.raw`(?!\s*[-_]?\s*(?:${CODE_WORDS}|tables?|columns?|collections?|schemas?|index|indexes|lists?|grids?|dropdowns?|pickers?|selectors?|avatars?|cards?|rows?\s+in\s+the\s+ui)\b)(?!\.\w)`;

/** Artefact words after a migration noun ("migration tests", "migration status"). */
export const MIGRATION_NOT_AFTER = String.raw`(?!\s*[-_]?\s*(?:(?!(?:to|on|in|against|into|for|of|with|from|at|the|a|an|and)\b)[\w-]{1,40}\s+)?(?:tests?|specs?|lint\w*|checks?|status|dry[- ]?runs?|previews?|diffs?|plans?|generators?|generation|docs?|documentation|guides?|reviews?|tool\w*|framework|librar(?:y|ies)|package|dependenc(?:y|ies)|version|naming|conventions?|templates?|history|list|folder|directory|dir|config\w*|setup|strateg(?:y|ies)|best\s+practices|guidelines|polic(?:y|ies)|ci|workflow|codemods?|authoring|guide)\b)(?!\s+(?:from|to)\s+(?:the\s+)?(?:new\s+)?(?:typescript|ts|esm|es\s?modules?|commonjs|cjs|vite|vitest|jest|webpack|rollup|esbuild|react|vue|angular|svelte|next(?:\.?js)?|nuxt|node|python|go|rust|java|kotlin|swift|tailwind|eslint|prettier|pnpm|yarn|npm|bun|deno|monorepo|app\s+router|hooks|composition\s+api|graphql|rest|grpc|v\d+|version|\w+\.js|api|framework|library|sdk|router)\b)`;

/** Technology names before "migration" that make it a code migration ("TypeScript migration"). */
export const CODE_MIGRATION_BEFORE = String.raw`(?<!\b(?:typescript|ts|esm|vite|vitest|jest|webpack|react|vue|angular|svelte|next\.?js|nuxt|node|python|tailwind|eslint|prettier|pnpm|yarn|api|code|codebase|frontend|ui|css|framework|library|dependency|dependencies|package|sdk|router|redux|hooks|es\s?modules?|commonjs|cjs|class|component|config|ci)[\s-]+)`;

/** Words in the window before "production" that are not production objects. */
export const PROD_GAP_EXCLUDED = String.raw`docs?|documentation|readme|tests|test(?!\s+(?:users?|accounts?|data|records|customers?|orders?|tenants?))|specs?|guides?|runbooks?|checklists?|notes|plans?|pipelines?|workflows?|ci|console(?:\.\w+)?|debug|logging|logs?|calls?|code|comments?|styles?|css|ui|ux|copy|text|typos?|bugs?|errors?|warnings?|components?|buttons?|banners?|pages?|node_env|rails_env|app_env|env|mode|source\s*maps?|sourcemaps?|devtools|analytics|builds?|bundles?|assets?|dependencies|deps|smoke|e2e|lighthouse|screenshots?|monitoring|alerts?|dashboards?|metrics`;

/** Words in the window between a deploy verb and production that are not what is deployed. */
export const DEPLOY_GAP_EXCLUDED = String.raw`docs?|documentation|readme|tests|test(?!\s+(?:users?|accounts?|data|records))|specs?|guides?|runbooks?|checklists?|notes|plans?|pipelines?|workflows?|ci|smoke|e2e|lighthouse|monitoring|alerts?|dashboards?|metrics|node_env|rails_env|app_env|env|mode`;

/** Databases used by tests: resetting one is routine. */
export const TEST_DATABASE = /\b(?:test(?![-_]?prod)|testing|tests|e2e|mock|fake|in-memory|inmemory|fixtures?|ephemeral|temporary|temp|throwaway|beforeeach|aftereach|beforeall|afterall|before\s+each|after\s+each|between\s+(?:tests|runs|test\s+runs))\b/i;

/** Builds a rule pattern; case-insensitive unless told otherwise. */
export const r = (source: string, flags = 'i'): RegExp => new RegExp(source, flags);

/** Case-sensitive SQL rules only trust upper case in a text that is not written all in capitals. */
export const HAS_LOWER_CASE = /\p{Ll}/u;

/** After a command: a noun that makes the command a mention ("npm publish credentials"). */
export const COMMAND_NOT_AFTER = String.raw`(?![^\S\n]*[-_]?(?:credentials?|tokens?|steps?|jobs?|errors?|failures?|commands?|wrappers?|scripts?|config\w*|permissions?|logs?|output|retr(?:y|ies)|timeouts?|flags?|options?|hooks?|workflows?|pipelines?|docs?|documentation|tests?|calls?|invocations?|usage|support|helpers?|functions?|behaviou?r|prompts?|confirmations?|on\s+(?:\S+\s+)?(?:errors?|failures?|timeouts?))\b)`;

/** Database words as a destination / source ("into the orders table", "from the database"). */
export const DB_PLACE = String.raw`(?:databases?|dbs?|tables?|collections?|datastores?|data\s+warehouse|postgres(?:ql)?|mysql|mongo(?:db)?|dynamodb|redis|elasticsearch|cluster)`;
/** Words that end the window between a deletion verb and "from the <database>". */
export const DELETE_PLACE_GAP_EXCLUDED = String.raw`buttons?|icons?|links?|labels?|components?|docs?|documentation|tests?|specs?|mocks?|fixtures?|examples?|references?|mentions?|usages?|code|logic|support|functions?|methods?|class(?:es)?|types?|interfaces?|models?|imports?|dependenc(?:y|ies)|packages?|modules?|helpers?|utils?|hooks?|routes?|endpoints?|handlers?|config\w*|settings|variables?|debug|console|logging`;

/** After a database word: code that merely talks to the database. */
export const DB_NOT_CODE = String.raw`(?!\s*[-_]?\s*(?:modules?|clients?|layer|helpers?|utils?|models?|components?|library|libraries|adapters?|drivers?|wrappers?|access|code|tests?|mocks?|docs?|config\w*|schema\s+files?|types?|services?|views?|ui)\b)(?!\.\w)`;

/** Words that end the window before a table / column noun: what follows is not the dropped object. */
export const DDL_GAP_EXCLUDED = String.raw`from|in|on|of|inside|within|at|into|to|for|with|by|buttons?|icons?|links?|labels?|headers?|cells?|titles?|layout|sidebar|width|borders?|captions?|pagination|sorting|styles?|css|components?|text|tooltips?|filters?|selection|checkbox(?:es)?|docs?|documentation|tests?|specs?|mocks?|fixtures?|examples?|references?|mentions?|usages?|code|logic|support|files?|functions?|methods?|class(?:es)?|types?|interfaces?|models?|dependenc(?:y|ies)|packages?|modules?|helpers?|utils?|views?|pages?|screens?|dialogs?|modals?|forms?`;

/** A test database in the clause: dropping / truncating its tables is routine. */
export const DDL_TEST_CLAUSE = new RegExp(
  String.raw`${UI_CLAUSE.source}|\b(?:test|testing|e2e|mock|fake|in-memory|fixture)\s+(?:db|database|schema|tables?|env|environment)\b|\bbetween\s+(?:tests|runs|test\s+runs)\b|\b(?:before|after)\s*(?:each|all)\b`,
  'i',
);

/** Words after a SQL keyword that show it is prose, not a statement ("DROP TABLE statements"). */
export const SQL_IDENT_EXCLUDED = String.raw`(?!(?:migrations?|statements?|scripts?|quer(?:y|ies)|commands?|support|syntax|handling|logic|checks?|tests?|detection|guards?|warnings?|lint|rules?|cases?|examples?|in|from|to|for|and|or|with|the|a|an|is|are|was|should|must|will|operations?|privileges?|permissions?|statement|ddl|sql|calls?|usage|usages)\b)`;
/** A SQL identifier, possibly qualified or quoted. */
export const SQL_IDENT = String.raw`[\w."$\[\]-]+`;
