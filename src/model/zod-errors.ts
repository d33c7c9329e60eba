import type { z } from 'zod';

/** Formats one zod issue as `field: message` for one-line errors. */
export function formatZodIssue(issue: z.core.$ZodIssue, prefix = ''): string {
  const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}
