import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CRITICAL_RULES, detectCritical, isCritical } from '../src/critical/index.js';
import type { CriticalRule } from '../src/critical/index.js';
import { CRITICAL_CORPUS } from './fixtures/critical-corpus.js';

describe('surface robustness', () => {
  it.each([
    'EXECUTE ALEMBIC MIGRATION',
    'execute alembic migration',
    '  Execute   Alembic\tmigration!  ',
    '"Execute Alembic migration"',
    "'Execute Alembic migration'",
    '`alembic upgrade head`',
    '**Drop** old users table.',
    '- [ ] Drop old users table',
    '3) Drop old users table;',
    'Step 4: Drop old users table',
    'Cleanup\nDrop old users table',
    'Cleanup\r\n\r\nDrop old users table',
    'git   push\t--force',
    '\u201cDeploy to production\u201d',
  ])('%j is critical', (text) => {
    expect(isCritical(text)).toBe(true);
  });

  it.each([
    'WRITE UNIT TESTS',
    'TRUNCATE LONG TITLES IN THE SIDEBAR',
    '"Write migration script for last_login_at"',
    '`Review the DROP TABLE migration`',
    'Document the deploy process.',
    'Write tests for account deletion\nCover deleting all inactive accounts in the service.',
  ])('%j is not critical', (text) => {
    expect(isCritical(text)).toBe(false);
  });
});

const decorations: Record<string, (text: string) => string> = {
  doubleQuotes: (text) => `"${text}"`,
  backticks: (text) => `\`${text}\``,
  bullet: (text) => `- ${text}`,
  numbered: (text) => `1. ${text}`,
  period: (text) => `${text}.`,
  exclamation: (text) => `${text}!`,
  padding: (text) => `  ${text}  `,
  doubleSpaces: (text) => text.replace(/ /g, '  '),
  tabs: (text) => text.replace(/ /g, '\t'),
  titleCase: (text) => text.replace(/\b\w/g, (letter) => letter.toUpperCase()),
  lowerCase: (text) => text.toLowerCase(),
  upperCase: (text) => text.toUpperCase(),
};

describe('decorations never change a verdict on the corpus', () => {
  it.each(Object.entries(decorations))('%s', (_name, decorate) => {
    const changed = CRITICAL_CORPUS.filter((entry) => isCritical(decorate(entry.text)) !== entry.critical && isCritical(entry.text) === entry.critical);
    expect(changed.map((entry) => entry.text)).toEqual([]);
  });
});

describe('properties', () => {
  test.prop([fc.constantFrom(...CRITICAL_CORPUS), fc.array(fc.constantFrom(...Object.values(decorations)), { maxLength: 4 })], {
    numRuns: 300,
  })('stacked decorations do not change a verdict', (entry, stack) => {
    const decorated = stack.reduce((text, decorate) => decorate(text), entry.text);
    expect(isCritical(decorated)).toBe(isCritical(entry.text));
  });

  test.prop([fc.string({ maxLength: 400 })], { numRuns: 200 })('any string: deterministic, well-formed, never throws', (text) => {
    const first = detectCritical(text);
    expect(detectCritical(text)).toEqual(first);
    expect(isCritical(text)).toBe(first.critical);
    expect(first.critical).toBe(first.matches.length > 0);
    for (const match of first.matches) expect(match.text.length).toBeGreaterThan(0);
  });

  test.prop(
    [
      fc.array(
        fc.constantFrom('drop', 'table', 'delete', 'from', 'users', 'run', 'the', 'migration', 'write', 'tests', 'and', 'then', 'to', 'production', 'git', 'push', '--force', ';', '.', '\n', '`', '"'),
        { maxLength: 60 },
      ),
    ],
    { numRuns: 200 },
  )('word salads of trigger words are handled', (tokens) => {
    const detection = detectCritical(tokens.join(' '));
    expect(typeof detection.critical).toBe('boolean');
  });
});

describe('linear time on adversarial 20k-character inputs', () => {
  const adversarial: Record<string, string> = {
    oneWord: 'a'.repeat(20_000),
    repeatedVerb: 'drop '.repeat(4_000),
    whitespaceRun: `drop${' '.repeat(19_990)}table`,
    longArgs: `git push ${'x'.repeat(19_990)}`,
    repeatedCommand: 'git push '.repeat(2_200),
    manyGaps: `deploy ${'w '.repeat(7)}`.repeat(1_200),
    manyMatches: 'Deploy to the production '.repeat(800),
    manyClauses: 'drop\n'.repeat(4_000),
    sql: 'DROP TABLE '.repeat(1_800),
    quotes: '`"'.repeat(10_000),
    dots: 'a.'.repeat(10_000),
    nested: '((((('.repeat(4_000),
  };

  it.each(Object.entries(adversarial))('%s completes and is deterministic', (_name, text) => {
    const input = text.slice(0, 20_000);
    expect(detectCritical(input)).toEqual(detectCritical(input));
  });
});

describe('rule anchors', () => {
  it('never change a verdict (anchors are only an optimisation)', () => {
    const unanchored: CriticalRule[] = CRITICAL_RULES.map(({ anchor: _anchor, ...rule }) => rule);
    const options = { useBuiltinRules: false, rules: unanchored };
    const texts = CRITICAL_CORPUS.flatMap((entry) => [entry.text, entry.text.toUpperCase(), entry.text.toLowerCase()]);
    const differing = texts.filter((text) => {
      const a = detectCritical(text);
      const b = detectCritical(text, options);
      return JSON.stringify(a) !== JSON.stringify(b);
    });
    expect(differing).toEqual([]);
  });
});
