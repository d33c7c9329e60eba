/**
 * Expands a bare theming request ("Add dark mode to the app") into the seed's dark-mode workflow:
 * theme context, component updates, a toggle and persisted preference.
 * @module
 */
import type { Analysis, ClassifiedClause } from './classify.js';
import { classifyClause } from './classify.js';
import type { Clause } from './clauses.js';
import { THEME_CUE } from './lexicon.js';
import { uiElement } from './nouns.js';

const CONTEXT_HEAD = /\b(?:context|provider|store)\b/;

function synthetic(base: Clause, masked: string): Clause {
  return { ...base, masked, text: masked.charAt(0).toUpperCase() + masked.slice(1) };
}

/** Returns the analysis with a lone theming feature clause replaced by the dark-mode workflow. */
export function expandTheming(analysis: Analysis): Analysis {
  const frontend = analysis.clauses.filter((clause) => clause.kind === 'frontend-feature' || clause.kind === 'frontend-update');
  if (frontend.some((clause) => CONTEXT_HEAD.test(clause.phrase.headKey) || /\bcomponents?\b/.test(clause.phrase.headKey))) return analysis;
  const target = frontend.find((clause) => clause.kind === 'frontend-feature' && THEME_CUE.test(clause.phrase.headKey));
  if (target === undefined) return analysis;
  const theme = THEME_CUE.exec(target.phrase.headKey)?.[0] ?? 'theme';
  const base = target.clause;
  const element = uiElement(target.phrase.headKey) !== undefined;
  const expanded: ClassifiedClause[] = [
    classifyClause(synthetic(base, 'add a theme context provider'), undefined, true),
    classifyClause(synthetic(base, `update all components to support ${theme}`), undefined, true),
    element ? target : classifyClause(synthetic(base, `add a ${theme} toggle to the header`), undefined, true),
    classifyClause(synthetic(base, 'persist the theme preference to localStorage'), undefined, true),
  ];
  const clauses = analysis.clauses.flatMap((clause) => (clause === target ? expanded : [clause]));
  return { ...analysis, clauses, topic: analysis.topic ?? theme, frontendNeed: true };
}
