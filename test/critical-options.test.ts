import { describe, expect, it } from 'vitest';
import {
  CRITICAL_RULES,
  SEED_CONFIG_CRITICAL_KEYWORDS,
  createCriticalDetector,
  detectCritical,
  isCritical,
} from '../src/critical/index.js';
import type { CriticalRule } from '../src/critical/index.js';

describe('keywords (the seed critical_keywords config)', () => {
  it('force a keyword match, case-insensitively', () => {
    const detection = detectCritical('Delete ALL sessions', { keywords: ['delete all'] });
    expect(detection.critical).toBe(true);
    expect(detection.matches).toContainEqual({ rule: 'keyword:delete all', category: 'keyword', text: 'Delete ALL' });
  });

  it('match whole words and phrases only', () => {
    const options = { keywords: ['cache', 'force push'], useBuiltinRules: false };
    expect(isCritical('Clear the cache', options)).toBe(true);
    expect(isCritical('Tune the cachedResult helper', options)).toBe(false);
    expect(isCritical('Force\n  push the branch', options)).toBe(true);
    expect(isCritical('forcepush', options)).toBe(false);
  });

  it('match keywords that start or end with punctuation', () => {
    const options = { keywords: ['--force', 'db:seed'], useBuiltinRules: false };
    expect(isCritical('npm run thing --force', options)).toBe(true);
    expect(isCritical('rails db:seed', options)).toBe(true);
    expect(isCritical('rails db:seeds', options)).toBe(false);
  });

  it('force critical even where a built-in rule sees an authoring context', () => {
    expect(isCritical('Write tests for the nightly purge')).toBe(false);
    expect(isCritical('Write tests for the nightly purge', { keywords: ['purge'] })).toBe(true);
  });

  it('the seed config list works as keywords', () => {
    expect(isCritical('Delete all drafts', { keywords: SEED_CONFIG_CRITICAL_KEYWORDS, useBuiltinRules: false })).toBe(true);
    expect(isCritical('Write unit tests', { keywords: SEED_CONFIG_CRITICAL_KEYWORDS })).toBe(false);
  });

  it('an empty list changes nothing', () => {
    expect(detectCritical('Drop old users table', { keywords: [] })).toEqual(detectCritical('Drop old users table'));
  });
});

describe('useBuiltinRules', () => {
  it('false turns the built-in rules off', () => {
    expect(isCritical('terraform destroy', { useBuiltinRules: false })).toBe(false);
    expect(isCritical('terraform destroy', { useBuiltinRules: true })).toBe(true);
  });

  it('false keeps keywords and user rules', () => {
    const rule: CriticalRule = { id: 'team.reindex', category: 'infrastructure', pattern: /\breindex\b/i };
    const detection = detectCritical('Reindex search; drop table x', { useBuiltinRules: false, rules: [rule], keywords: ['search'] });
    expect(detection.matches.map((match) => match.rule)).toEqual(['team.reindex', 'keyword:search']);
  });
});

describe('user rules', () => {
  const reindex: CriticalRule = { id: 'team.reindex', category: 'infrastructure', pattern: /\breindex(?:es|ing)?\b/i };

  it('add matches with their id and category', () => {
    expect(detectCritical('Reindex the search cluster', { rules: [reindex] }).matches).toContainEqual({
      rule: 'team.reindex',
      category: 'infrastructure',
      text: 'Reindex',
    });
  });

  it('respect negative context by default and not with context "always"', () => {
    expect(isCritical('Document how to reindex', { rules: [reindex], useBuiltinRules: false })).toBe(false);
    expect(isCritical('Document how to reindex', { rules: [{ ...reindex, context: 'always' }], useBuiltinRules: false })).toBe(true);
  });

  it('honour unless, requires and lead', () => {
    const base = { useBuiltinRules: false } as const;
    expect(isCritical('Reindex staging', { ...base, rules: [{ ...reindex, unless: /staging/ }] })).toBe(false);
    expect(isCritical('Reindex prod', { ...base, rules: [{ ...reindex, unless: /staging/ }] })).toBe(true);
    expect(isCritical('Reindex now', { ...base, rules: [{ ...reindex, requires: /elastic/ }] })).toBe(false);
    expect(isCritical('Reindex elastic', { ...base, rules: [{ ...reindex, requires: /elastic/ }] })).toBe(true);
    expect(isCritical('Explain the reindex', { ...base, rules: [{ ...reindex, lead: true, context: 'always' }] })).toBe(false);
    expect(isCritical('Reindex', { ...base, rules: [{ ...reindex, lead: true }] })).toBe(true);
  });

  it('work with a global or sticky pattern without leaking lastIndex state', () => {
    const rule: CriticalRule = { id: 'g', category: 'keyword', pattern: /nuke/gy };
    expect(isCritical('nuke', { rules: [rule], useBuiltinRules: false })).toBe(true);
    expect(isCritical('nuke', { rules: [rule], useBuiltinRules: false })).toBe(true);
    expect(isCritical('then nuke', { rules: [rule], useBuiltinRules: false })).toBe(true);
  });
});

describe('createCriticalDetector', () => {
  it('gives the same answers as detectCritical with the same options', () => {
    const options = { keywords: ['delete all'] };
    const detect = createCriticalDetector(options);
    for (const text of ['Delete all sessions', 'Write unit tests', 'git push -f', 'Deploy to staging']) {
      expect(detect(text)).toEqual(detectCritical(text, options));
    }
  });
});

describe('CRITICAL_RULES', () => {
  it('can be passed back as user rules with the same verdicts', () => {
    const texts = ['Drop old users table', 'Write unit tests', 'Deploy to prod', 'Review the DROP TABLE migration'];
    for (const text of texts) {
      expect(isCritical(text, { useBuiltinRules: false, rules: CRITICAL_RULES })).toBe(isCritical(text));
    }
  });
});
