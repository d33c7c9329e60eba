/**
 * Rules for force pushes and history rewrites.
 * @module
 */
import { gap } from '../lexicon.js';
import {
  ARGS,
  r,
} from '../patterns.js';
import type { CriticalRule } from '../types.js';

/** Rules for force pushes and history rewrites. */
export const HISTORY_RULES: readonly CriticalRule[] = [
  {
    id: 'git.force-push',
    category: 'history-rewrite',
    description: 'A force push (git push --force / -f / --force-with-lease / +refspec / --mirror)',
    pattern: r(
      String.raw`\bgit\s+push\b${ARGS}\s(?:--force(?:-with-lease|-if-includes)?\b|-f\b|--mirror\b|\+[\w/.@{}~^-]+)|\bforce[-\s]?push(?:es|ed|ing)?\b|\bpush(?:es|ing)?\s+(?:\S+\s+){0,3}?--force\b`,
    ),
  },
  {
    id: 'git.rewrite-command',
    category: 'history-rewrite',
    description: 'A history-rewriting git command (filter-branch, filter-repo, BFG, reset --hard)',
    pattern: r(String.raw`\bgit\s+filter-(?:branch|repo)\b|\bfilter-repo\b|\bbfg\b(?:\s+repo-?cleaner)?|\bgit\s+reset\s+(?:\S+\s+)?--hard\b|\bhard[- ]reset\b|\breset\s+--hard\b`),
  },
  {
    id: 'git.rewrite-prose',
    category: 'history-rewrite',
    description: 'Rewrites, rebases or amends published history',
    unless: /\b(?:browser|router|navigation|undo|chat|search|query|command|shell|bash|edit|version|browsing|watch|purchase|order|payment|transaction|login)\s+history\b|\bhistory\s+(?:api|stack|page|tab|view|panel|component|section|sidebar|list)\b/i,
    pattern: r(
      String.raw`\brewrit(?:e|es|ing)\b` +
        gap(3, String.raw`docs?|documentation|readme|tests?|browser|router|navigation|chat|search`) +
        String.raw`\s+history\b` +
        String.raw`|\b(?:remove|removes|removing|purge|purges|purging|scrub|scrubs|scrubbing|strip|strips|delete|deletes|deleting|erase|erases|expunge|clean)\b` +
        gap(5) +
        String.raw`\s+(?:from|out\s+of|in)\s+(?:the\s+)?(?:entire\s+|full\s+|whole\s+)?(?:git\s+|commit\s+|repo(?:sitory)?\s+|repo's\s+|repository's\s+)history\b` +
        String.raw`|\brebas(?:e|es|ing)\s+(?:the\s+|our\s+)?(?:main|master|develop|trunk|shared|published|public|pushed|remote|release)\b(?!\s+(?:onto|on)\b)` +
        String.raw`|\boverwrit(?:e|es|ing)\b` +
        gap(2) +
        String.raw`\s+(?:remote|origin|upstream|published|shared)\s+(?:\S+\s+)?(?:branch|branches|main|master|history|tags?)\b` +
        String.raw`|\b(?:amend|amends|amending|squash|squashes|squashing)\b` +
        gap(2) +
        String.raw`\s+(?:pushed|published)\s+commits?\b`,
    ),
  },
];
