/**
 * Rules for deleting or overwriting data.
 * @module
 */
import { CODE_WORDS, UI_CODE_WORDS, gap } from '../lexicon.js';
import {
  DATA_GAP_EXCLUDED,
  DATA_NOT_AFTER,
  DATA_NOUN,
  DB_NOT_CODE,
  DB_PLACE,
  DDL_GAP_EXCLUDED,
  DDL_TEST_CLAUSE,
  DELETE_PLACE_GAP_EXCLUDED,
  DELETE_VERBS,
  HAS_LOWER_CASE,
  TABLE_UI_AFTER,
  UI_CLAUSE,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

/** Rules for deleting or overwriting data. */
export const DATA_RULES: readonly CriticalRule[] = [
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
    pattern: r(
      String.raw`\bdelete\s+from\s+(?:[\w."$\[\]]+(?:\s+(?:as\s+)?\w+)?\s*(?:;|\bwhere\b|\busing\b|\breturning\b)|[\w$]+[_.][\w."$]+)` +
        String.raw`|\b(?:psql|mysql|sqlite3|sqlcmd|clickhouse-client|-c|-e|--command|--execute)\s+(?:\S+\s+){0,3}?delete\s+from\s+[\w."$]+`,
    ),
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
