/**
 * Rules for restoring, wiping and resetting databases.
 * @module
 */
import { CODE_WORDS, UI_CODE_WORDS, gap } from '../lexicon.js';
import {
  ARGS,
  COMMAND_NOT_AFTER,
  SQL_IDENT,
  SQL_IDENT_EXCLUDED,
  TEST_DATABASE,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

/** Rules for restoring, wiping and resetting databases. */
export const RESTORE_RULES: readonly CriticalRule[] = [
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
    id: 'db.reload',
    category: 'database-restore',
    description: 'Rebuilds or reloads a database from a backup, dump, snapshot or production',
    unless: TEST_DATABASE,
    pattern: r(
      String.raw`\b(?:rebuild|rebuilds|recreate|recreates|re-create|reload|reloads|repopulate|repopulates|rehydrate|refresh|refreshes|reimport|reimports|overwrite|overwrites)\b` +
        gap(4, CODE_WORDS) +
        String.raw`\s+(?:databases?|dbs?|tables?|collections?)\b` +
        gap(3) +
        String.raw`\s+(?:from|with)\s+(?:\S+\s+){0,3}?(?:backups?|dumps?|snapshots?|prod|production)\b`,
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
