/**
 * Child process of the crash test (not a test file): creates a journal, appends records, and hits
 * failpoint('after-append') after each acknowledged append (SIGKILL when WAVEFRONT_FAILPOINT says so).
 * Usage: node --import tsx test/journal-crash-child.ts <runDir> <count>
 */
import { failpoint } from '../src/journal/failpoint.js';
import { Journal } from '../src/journal/journal.js';
import { samplePlan } from './journal-fixtures.js';

const [runDir, countText] = process.argv.slice(2) as [string, string];
const journal = await Journal.create(runDir, { runId: 'crash', plan: samplePlan(), cwd: process.cwd(), createdAt: Date.now() });
for (let i = 1; i <= Number(countText); i += 1) {
  await journal.append({ type: 'task-start', taskId: `t${i}`, attempt: 1, instance: 'I4' });
  if (i === Number(countText)) failpoint('after-append');
}
await journal.close();
