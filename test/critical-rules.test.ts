import { describe, expect, it } from 'vitest';
import { CRITICAL_CATEGORIES, CRITICAL_RULES, SEED_CONFIG_CRITICAL_KEYWORDS, SEED_CRITICAL_KEYWORDS } from '../src/critical/index.js';

describe('CRITICAL_CATEGORIES', () => {
  it('holds the documented categories once each', () => {
    expect(CRITICAL_CATEGORIES).toEqual(
      expect.arrayContaining([
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
      ]),
    );
    expect(new Set(CRITICAL_CATEGORIES).size).toBe(CRITICAL_CATEGORIES.length);
    expect(Object.isFrozen(CRITICAL_CATEGORIES)).toBe(true);
  });
});

describe('CRITICAL_RULES', () => {
  it('have unique ids, known categories and descriptions', () => {
    expect(new Set(CRITICAL_RULES.map((rule) => rule.id)).size).toBe(CRITICAL_RULES.length);
    for (const rule of CRITICAL_RULES) {
      expect(CRITICAL_CATEGORIES).toContain(rule.category);
      expect(rule.description?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('cover every category except the user keyword one', () => {
    const covered = new Set(CRITICAL_RULES.map((rule) => rule.category));
    expect(CRITICAL_CATEGORIES.filter((category) => !covered.has(category))).toEqual(['keyword']);
  });

  it('never match the empty string and all carry an anchor', () => {
    for (const rule of CRITICAL_RULES) {
      expect(new RegExp(rule.pattern.source, rule.pattern.flags).test(''), rule.id).toBe(false);
      expect(rule.anchor, rule.id).toBeInstanceOf(RegExp);
    }
  });

  it('are frozen', () => {
    expect(Object.isFrozen(CRITICAL_RULES)).toBe(true);
    expect(CRITICAL_RULES.every((rule) => Object.isFrozen(rule))).toBe(true);
  });
});

describe('seed keyword lists', () => {
  it('are the seed CRITICAL_KEYWORDS and its example config critical_keywords', () => {
    expect(SEED_CRITICAL_KEYWORDS).toEqual([
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
    expect(SEED_CONFIG_CRITICAL_KEYWORDS).toEqual(['database migration', 'production deployment', 'delete all', 'drop table', 'force push']);
  });
});
