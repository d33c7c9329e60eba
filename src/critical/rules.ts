/**
 * The built-in critical-operation rules and the seed's keyword list.
 * @module
 */
import { DRY_RUN } from './lexicon.js';
import { r } from './patterns.js';
import { ANCHORS } from './rules/anchors.js';
import { DATA_RULES } from './rules/data.js';
import { DDL_RULES } from './rules/ddl.js';
import { DEPLOY_RULES } from './rules/deploy.js';
import { HISTORY_RULES } from './rules/history.js';
import { INFRA_RULES } from './rules/infra.js';
import { MIGRATION_RULES, SCHEMA_RULES } from './rules/migration.js';
import { PUBLISH_RULES } from './rules/publish.js';
import { RESTORE_RULES } from './rules/restore.js';
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

/** Patterns that mark a clause as a dry run or preview (nothing is changed). */
export const DRY_RUN_PATTERN: RegExp = r(DRY_RUN);

/**
 * The built-in rules, grouped by category. Each pattern is run over every clause of the text;
 * negative context (authoring, review, test, documentation, prevention words; dry runs) is applied
 * by the detector according to each rule's `context`.
 */
export const CRITICAL_RULES: readonly CriticalRule[] = Object.freeze(
  [
    ...MIGRATION_RULES,
    ...SCHEMA_RULES,
    ...DDL_RULES,
    ...DATA_RULES,
    ...HISTORY_RULES,
    ...PUBLISH_RULES,
    ...DEPLOY_RULES,
    ...INFRA_RULES,
    ...RESTORE_RULES,
  ].map((rule) => {
    const anchor = ANCHORS[rule.id];
    return Object.freeze(anchor === undefined ? rule : { ...rule, anchor: r(anchor) });
  }),
);
