import { describe, expect, it } from 'vitest';
import { detectCritical, isCritical } from '../src/critical/index.js';
import type { CriticalCategory } from '../src/critical/index.js';

describe('seed examples (design.md §4)', () => {
  it.each([
    ['Execute Alembic migration', true],
    ['Drop old users table', true],
    ['Write unit tests', false],
    ['Create signup endpoint', false],
  ] as const)('isCritical(%j) is %s', (text, expected) => {
    expect(isCritical(text)).toBe(expected);
  });
});

describe('critical actions are detected with their category', () => {
  it.each<[string, CriticalCategory]>([
    ['alembic upgrade head', 'migration-execution'],
    ['prisma migrate deploy', 'migration-execution'],
    ['knex migrate:latest', 'migration-execution'],
    ['rails db:migrate', 'migration-execution'],
    ['Run the migration', 'migration-execution'],
    ['Apply migration to staging DB', 'migration-execution'],
    ['npx prisma db push', 'schema-change'],
    ['DELETE FROM users WHERE created_at < now()', 'data-deletion'],
    ['Delete all inactive accounts', 'data-deletion'],
    ['ALTER TABLE users ADD COLUMN last_login_at timestamptz', 'destructive-ddl'],
    ['DROP TABLE legacy_users;', 'destructive-ddl'],
    ['Truncate the audit_log table', 'destructive-ddl'],
    ['git push --force', 'history-rewrite'],
    ['git push -f origin main', 'history-rewrite'],
    ['git push --force-with-lease', 'history-rewrite'],
    ['git filter-branch --index-filter x HEAD', 'history-rewrite'],
    ['npm publish', 'publish'],
    ['docker push acme/api:1.0', 'publish'],
    ['cargo publish', 'publish'],
    ['twine upload dist/*', 'publish'],
    ['Deploy to production', 'production-deploy'],
    ['kubectl apply -f k8s/api.yaml --context prod', 'production-deploy'],
    ['terraform apply', 'infrastructure'],
    ['terraform destroy', 'infrastructure'],
    ['kubectl delete deployment api', 'infrastructure'],
    ['pulumi destroy', 'infrastructure'],
    ['helm uninstall api -n prod', 'infrastructure'],
    ['Restore the database from backup', 'database-restore'],
    ['Wipe the staging database', 'database-restore'],
  ])('%j → %s', (text, category) => {
    const detection = detectCritical(text);
    expect(detection.critical).toBe(true);
    expect(detection.matches.map((match) => match.category)).toContain(category);
  });
});

describe('authoring, reviewing, testing, documenting and UI wording are not critical', () => {
  it.each([
    'Write migration script for last_login_at',
    'Generate Alembic migration',
    'Review the DROP TABLE migration',
    'Document the deploy process',
    'Write tests for account deletion',
    'Dry run preview of migration',
    'Truncate long titles in the sidebar',
    'Add a Delete Account button',
    'Delete Account confirmation dialog',
    'text-overflow truncate',
    'Delete unused helper functions',
    'Remove temp files',
    'Drop support for Node 16',
    'Back up the production database',
    'Create users table in a migration file',
    'Add column to model definition',
    'Add a pre-push hook that blocks git push --force to main',
  ])('%j', (text) => {
    expect(detectCritical(text)).toEqual({ critical: false, matches: [] });
  });
});

describe('matches', () => {
  it('name the rule, the category and the matched text, in text order', () => {
    const detection = detectCritical('Run `alembic upgrade head`, then git push --force');
    expect(detection.critical).toBe(true);
    expect(detection.matches.map(({ category, text }) => ({ category, text }))).toEqual([
      { category: 'migration-execution', text: 'alembic upgrade' },
      { category: 'history-rewrite', text: 'git push --force' },
    ]);
    expect(detection.matches.every((match) => match.rule.length > 0)).toBe(true);
  });

  it('an explicit command coordinated after an authoring verb is still critical', () => {
    expect(isCritical('Generate and apply the migration')).toBe(true);
    expect(isCritical('Write the migration script and run it against staging')).toBe(true);
    expect(isCritical('Write a script to back up and drop the sessions table')).toBe(false);
  });

  it('a description that only describes the authored artefact stays non-critical', () => {
    expect(isCritical('Write migration\nAdd a migration that runs ALTER TABLE users ADD COLUMN last_login_at.')).toBe(false);
    expect(isCritical('Write the migration script\nThen run it against production.')).toBe(true);
  });
});
