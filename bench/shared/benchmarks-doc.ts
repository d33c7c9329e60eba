import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks.md');

/** Replaces (or appends) the `## <title>` section of docs/benchmarks.md with `body`. */
export async function replaceSection(title: string, body: string): Promise<void> {
  let text = '# Benchmarks\n\nFigures measured on the development machine (2 cores, shared and noisy); ratios are measured side by side in one run.\n';
  try {
    text = await readFile(DOC, 'utf8');
  } catch {
    // first section written
  }
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body}\n`;
  const start = text.indexOf(heading);
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + heading.length);
    text = `${text.slice(0, start)}${section}${next === -1 ? '' : `\n${text.slice(next + 1)}`}`;
  }
  await writeFile(DOC, text);
}
