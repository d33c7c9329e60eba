/**
 * Rules for destructive DDL: DROP, TRUNCATE, ALTER.
 * @module
 */
import { UI_CODE_WORDS, gap } from '../lexicon.js';
import {
  DDL_GAP_EXCLUDED,
  DDL_TEST_CLAUSE,
  HAS_LOWER_CASE,
  SQL_IDENT,
  SQL_IDENT_EXCLUDED,
  TABLE_UI_AFTER,
  UI_CLAUSE,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

/** Rules for destructive DDL: DROP, TRUNCATE, ALTER. */
export const DDL_RULES: readonly CriticalRule[] = [
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
    unless: UI_CLAUSE,
    pattern: r(
      String.raw`\btruncate\s+(?:table\s+(?:only\s+)?${SQL_IDENT_EXCLUDED}[\w."$]+|[\w."$]+\s*(?:;|\bcascade\b|\brestart\s+identity\b)|[\w$]+[_.][\w."$]+)` +
        String.raw`|\b(?:psql|mysql|sqlite3|sqlcmd|clickhouse-client|-c|-e|--command|--execute)\s+(?:\S+\s+){0,3}?truncate\s+[\w."$]+`,
    ),
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
