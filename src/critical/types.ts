/**
 * Types of the critical-operation detector.
 * @module
 */

/** Why an operation is critical. */
export type CriticalCategory =
  /** Executing or applying database migrations (`alembic upgrade head`, "Run the migration"). */
  | 'migration-execution'
  /** Applying a schema change to a live database (`prisma db push`, "Modify the production schema"). */
  | 'schema-change'
  /** Deleting data rows or records ("Delete all inactive accounts", `DELETE FROM users`). */
  | 'data-deletion'
  /** DROP / TRUNCATE / ALTER of tables, columns, indexes. */
  | 'destructive-ddl'
  /** Force push, rebase or reset of published history, filter-branch. */
  | 'history-rewrite'
  /** Publishing to a registry (`npm publish`, `docker push`, `cargo publish`, `twine upload`). */
  | 'publish'
  /** Deploying to or changing production. */
  | 'production-deploy'
  /** Applying or destroying infrastructure (`terraform apply`, `kubectl delete`, `helm uninstall`). */
  | 'infrastructure'
  /** Restoring, wiping, resetting or dropping a database. */
  | 'database-restore'
  /** A user-configured keyword (`critical_keywords`). */
  | 'keyword';

/** Every {@link CriticalCategory}, in a stable order. */
export const CRITICAL_CATEGORIES: readonly CriticalCategory[] = Object.freeze([
  'migration-execution',
  'schema-change',
  'data-deletion',
  'destructive-ddl',
  'history-rewrite',
  'publish',
  'production-deploy',
  'infrastructure',
  'database-restore',
  'keyword',
] as const);

/**
 * How the negative context of the text (authoring, review, test, documentation and prevention
 * words) applies to a rule's match.
 *
 * - `action` (default): the match is suppressed when such a word precedes it in the same clause
 *   ("Review the DROP TABLE migration"), unless the match is coordinated with it as a second action
 *   ("Generate and apply the migration"); also suppressed in a dry-run / preview clause.
 * - `content`: like `action`, and also suppressed in later clauses of a text whose first clause is
 *   an authoring/review task (the description then describes the artefact, it does not run it).
 * - `always`: never suppressed.
 */
export type CriticalRuleContext = 'action' | 'content' | 'always';

/** One detection rule. Patterns must be linear-time (no nested unbounded quantifiers). */
export interface CriticalRule {
  /** Stable id, reported in {@link CriticalMatch.rule}. */
  readonly id: string;
  /** What the rule detects. */
  readonly category: CriticalCategory;
  /** One-line human explanation. */
  readonly description?: string | undefined;
  /** Pattern run over each clause of the text; flags are kept, `g` is added. */
  readonly pattern: RegExp;
  /** How negative context applies; `action` by default. */
  readonly context?: CriticalRuleContext | undefined;
  /** The match only counts when this pattern does not occur in the same clause. */
  readonly unless?: RegExp | undefined;
  /** The match only counts when this pattern occurs somewhere in the whole text. */
  readonly requires?: RegExp | undefined;
  /** The match only counts when it is the clause's leading action ("Deploy the API"). */
  readonly lead?: boolean | undefined;
  /**
   * Optimisation: a cheap pattern that every match of `pattern` contains; clauses without it skip
   * the rule. Must never change a verdict.
   */
  readonly anchor?: RegExp | undefined;
}

/** One rule that fired. */
export interface CriticalMatch {
  /** The id of the rule (for keywords: `keyword:<keyword>`). */
  rule: string;
  /** The rule's category. */
  category: CriticalCategory;
  /** The matched text, whitespace collapsed. */
  text: string;
}

/** The verdict of {@link detectCritical}. */
export interface CriticalDetection {
  /** True when at least one rule or keyword matched. */
  critical: boolean;
  /** Every rule that fired, in text order. */
  matches: CriticalMatch[];
}

/** Options of {@link detectCritical} and {@link isCritical}. */
export interface DetectCriticalOptions {
  /**
   * The seed's `critical_keywords` config: extra phrases that force critical (category `keyword`),
   * matched as whole words / phrases, case-insensitive, regardless of context.
   */
  keywords?: readonly string[];
  /** Run the built-in {@link CRITICAL_RULES}; `true` by default. */
  useBuiltinRules?: boolean;
  /** Extra user rules, run after the built-in ones. */
  rules?: readonly CriticalRule[];
}
