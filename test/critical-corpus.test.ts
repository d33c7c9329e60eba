import { afterAll, describe, expect, it } from 'vitest';
import { CRITICAL_CATEGORIES, SEED_CRITICAL_KEYWORDS, detectCritical } from '../src/critical/index.js';
import { CRITICAL_CORPUS } from './fixtures/critical-corpus.js';

/** The seed's `is_critical`: a case-insensitive substring test against its keyword list. */
function seedIsCritical(taskDescription: string): boolean {
  const lower = taskDescription.toLowerCase();
  return SEED_CRITICAL_KEYWORDS.some((keyword) => lower.includes(keyword));
}

interface Scores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly falsePositives: string[];
  readonly falseNegatives: string[];
}

function score(predict: (text: string) => boolean): Scores {
  let truePositives = 0;
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  for (const { text, critical } of CRITICAL_CORPUS) {
    const predicted = predict(text);
    if (predicted && critical) truePositives += 1;
    else if (predicted) falsePositives.push(text);
    else if (critical) falseNegatives.push(text);
  }
  const precision = truePositives / (truePositives + falsePositives.length);
  const recall = truePositives / (truePositives + falseNegatives.length);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall), falsePositives, falseNegatives };
}

const report: string[] = [];
afterAll(() => {
  console.info(report.join('\n'));
});

describe('critical corpus', () => {
  it('is large and balanced enough to measure with', () => {
    const positives = CRITICAL_CORPUS.filter((entry) => entry.critical).length;
    expect(CRITICAL_CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(positives / CRITICAL_CORPUS.length).toBeGreaterThan(0.3);
    expect(positives / CRITICAL_CORPUS.length).toBeLessThan(0.55);
    expect(new Set(CRITICAL_CORPUS.map((entry) => entry.text)).size).toBe(CRITICAL_CORPUS.length);
  });

  it('covers every built-in category with labelled positives', () => {
    const categories = new Set(CRITICAL_CORPUS.flatMap((entry) => (entry.category === undefined ? [] : [entry.category])));
    // Every category a built-in rule can report: all but the user `keyword` one.
    for (const category of CRITICAL_CATEGORIES.filter((c) => c !== 'keyword')) {
      expect(categories.has(category), category).toBe(true);
    }
  });

  it('detectCritical reaches F1 >= 0.95', () => {
    const scores = score((text) => detectCritical(text).critical);
    report.push(
      `detectCritical on ${CRITICAL_CORPUS.length} texts: precision ${scores.precision.toFixed(3)}, recall ${scores.recall.toFixed(3)}, F1 ${scores.f1.toFixed(3)}`,
      `  false positives: ${JSON.stringify(scores.falsePositives)}`,
      `  false negatives: ${JSON.stringify(scores.falseNegatives)}`,
    );
    expect(scores.f1).toBeGreaterThanOrEqual(0.95);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('beats the seed substring detector by a wide margin', () => {
    const ours = score((text) => detectCritical(text).critical);
    const seed = score(seedIsCritical);
    report.push(
      `seed is_critical on the same texts: precision ${seed.precision.toFixed(3)}, recall ${seed.recall.toFixed(3)}, F1 ${seed.f1.toFixed(3)}`,
    );
    expect(seed.f1).toBeLessThan(ours.f1 - 0.2);
  });

  it('reports the labelled category for each detected labelled positive', () => {
    const wrong = CRITICAL_CORPUS.filter(
      (entry) =>
        entry.category !== undefined &&
        detectCritical(entry.text).critical &&
        !detectCritical(entry.text).matches.some((match) => match.category === entry.category),
    ).map((entry) => `${entry.text} (${entry.category ?? ''})`);
    expect(wrong).toEqual([]);
  });
});
