import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../src/report/dashboard.js';
import { displayWidth, stripAnsi } from '../src/report/display-width.js';
import { progressBar } from '../src/report/format.js';
import { renderSummary } from '../src/report/summary.js';
import { codeOf } from './error-fixtures.js';
import { MIN, T0, ev, fold, midRunEvents } from './report-fixtures.js';

/** Wave 0 and 1 done, wave 2 (schema) half done by reported progress. */
function waveTwoState() {
  return fold([
    ev.runStart(0),
    ev.taskStart('backup', 0),
    ev.taskEnd('backup', 2, 2),
    ev.taskStart('analyze-db', 2),
    ev.taskStart('deps', 2),
    ev.taskEnd('analyze-db', 7, 5),
    ev.taskEnd('deps', 7, 5),
    ev.waveStart(2, 7),
    ev.taskStart('schema', 7),
    ev.progress('schema', 12, 50),
  ]);
}

function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((item) => item.includes(needle));
  if (line === undefined) throw new Error(`no line with ${needle}`);
  return line;
}

describe('renderDashboard', () => {
  it('draws a closed frame whose lines all have the same display width', () => {
    for (const width of [40, 72, 100]) {
      for (const state of [waveTwoState(), fold(midRunEvents())]) {
        const lines = renderDashboard(state, { width }).split('\n');
        expect(lines[0]).toBe(`╔${'═'.repeat(width - 2)}╗`);
        expect(lines.at(-1)).toBe(`╚${'═'.repeat(width - 2)}╝`);
        for (const line of lines) expect(displayWidth(line), line).toBe(width);
        for (const line of lines.slice(1, -1)) expect(line.startsWith('║') || line.startsWith('╠')).toBe(true);
      }
    }
  });

  it('shows the title, current wave of the last wave index, overall bar and ETA', () => {
    const text = renderDashboard(waveTwoState());
    expect(text).toContain('🌊 WAVE EXECUTION DASHBOARD');
    expect(text).toContain('Current Wave: 2 of 5');
    // done 2+5+5 = 12, schema 10 * 50 % = 5 → 17 / 79 = 21 %
    expect(lineWith(text, 'Overall Progress')).toContain('Overall Progress: 21% ');
    expect(text).toMatch(/ETA: \d+ minutes remaining/);
  });

  it('draws 10-cell bars for 0, 50 and 100 % with done marks and durations', () => {
    const text = renderDashboard(waveTwoState());
    expect(lineWith(text, 'Wave 0: Safety Backup')).toContain(`[${'█'.repeat(10)}] 100% ✅ (2min)`);
    expect(lineWith(text, 'Wave 2: Schema Design')).toContain(`[${'█'.repeat(5)}${'░'.repeat(5)}]  50%`);
    expect(lineWith(text, 'Wave 3: Implementation')).toContain(`[${'░'.repeat(10)}]   0%`);
    expect(progressBar(0, 10)).toBe('░'.repeat(10));
    expect(progressBar(50, 10)).toBe('█████░░░░░');
    expect(progressBar(100, 10)).toBe('█'.repeat(10));
    expect(progressBar(99.9, 10)).toBe('█████████░');
  });

  it('expands the running wave with one line per task and lists instances', () => {
    const text = renderDashboard(fold(midRunEvents()), { width: 80 });
    expect(lineWith(text, 'Wave 3: Implementation')).toContain(' 80%    (9/12min)');
    expect(lineWith(text, 'I3: Migration script')).toMatch(/^║ {3}├─ I3: Migration script +\[█{10}\] 100% ✅/);
    expect(lineWith(text, 'I4: Signup endpoint')).toContain('├─ I4: Signup endpoint');
    expect(lineWith(text, 'I4: Signup endpoint')).toContain('[████████░░]  85%');
    expect(lineWith(text, 'I6: Rate limiting')).toContain('└─ I6: Rate limiting'); // last task of the wave
    expect(lineWith(text, 'I6: Rate limiting')).toContain(' 90%'); // 9 of 10 estimated minutes, none reported
    expect(text).not.toContain('├─ I7'); // wave 4 is not expanded
    expect(text).toContain('Instances Active: 3 of 8');
    expect(text).toContain('• I5: ⏳ In progress (Token rotation)');
    expect(text).toContain('• I3: ✅ Complete');
    expect(text).toContain('• I7: 💤 Idle');
  });

  it('is deterministic for a state and now, and now moves elapsed-based progress', () => {
    const state = fold(midRunEvents());
    expect(renderDashboard(state, { now: T0 + 27 * MIN })).toBe(renderDashboard(state, { now: T0 + 27 * MIN }));
    expect(renderDashboard(state)).toBe(renderDashboard(state, { now: state.now }));
    const later = renderDashboard(state, { now: T0 + 40 * MIN });
    expect(lineWith(later, 'I6: Rate limiting')).toContain(' 95%'); // elapsed progress is capped
  });

  it('adds ANSI colours only when color is true, without changing the layout', () => {
    const state = fold(midRunEvents());
    const plain = renderDashboard(state);
    const coloured = renderDashboard(state, { color: true });
    expect(plain).not.toContain('\x1b');
    expect(coloured).toContain('\x1b[32m');
    expect(stripAnsi(coloured)).toBe(plain);
  });

  it('shows failure, re-planned waves, rollback and the final status', () => {
    const state = fold(
      [
        ev.taskEnd('signup', 28, 11),
        ev.taskEnd('token', 28, 11),
        ev.taskEnd('rate', 29, 12, 'failed', { error: 'boom' }),
        ev.replan('rate', 29, [{ id: 'rate-fix', title: 'Fix rate limiting', dependsOn: [] }]),
        ev.rollbackStart(30),
        ev.rollbackEnd(31),
        ev.runEnd(31, 'rolled-back'),
      ],
      fold(midRunEvents()),
    );
    const text = renderDashboard(state);
    expect(lineWith(text, 'Wave 3: Implementation')).toContain('❌ (12min)');
    expect(text).toContain('Wave 3.1: Fix rate limiting');
    expect(text).toContain('Status: ❌ ROLLED BACK (31min)');
    expect(text).toContain('Rollback: ✅ restored');
    expect(text).toContain('🔀 Re-plans: 1 (1 task inserted)');
    expect(text).toContain('• I6: ❌ Failed (1)');
    for (const line of text.split('\n')) expect(displayWidth(line)).toBe(72);
  });

  it('truncates long titles with an ellipsis and keeps alignment', () => {
    const state = fold([ev.runStart(0), ev.taskStart('backup', 0, { title: `Back up ${'everything '.repeat(20)}` })]);
    const text = renderDashboard(state, { width: 60 });
    expect(lineWith(text, 'I1: Back up')).toContain('…');
    for (const line of text.split('\n')) expect(displayWidth(line)).toBe(60);
  });

  it('folds waves beyond maxWaveLines and tasks beyond maxTaskLines', () => {
    const text = renderDashboard(fold(midRunEvents()), { maxWaveLines: 4, maxTaskLines: 3 });
    expect(text).toMatch(/Waves 0–1: 2 folded ✅/);
    expect(text).toContain('… and 2 more tasks');
    expect(text).toMatch(/… \d+ more waves/);
  });

  it('rejects a non-state and bad options with INVALID_ARGUMENT', () => {
    const state = waveTwoState();
    expect(codeOf(() => renderDashboard({} as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => renderDashboard(state, { width: 10 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => renderDashboard(state, { width: 70.5 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => renderDashboard(state, { now: Number.NaN }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => renderSummary(null as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('renderSummary', () => {
  it('prints the seed summary tree', () => {
    const state = fold(
      [
        ev.taskEnd('signup', 29, 12),
        ev.taskEnd('token', 29, 12),
        ev.taskEnd('rate', 27, 10),
        ev.taskStart('tests', 29),
        ev.taskEnd('tests', 37, 8),
        ev.taskStart('commit', 37),
        ev.taskEnd('commit', 40, 3),
        ev.runEnd(40, 'succeeded', 'b4e8f1d0c0ffee'),
      ],
      fold(midRunEvents()),
    );
    const lines = renderSummary(state).split('\n');
    // measured task minutes: 2+5+5+10+9+12+12+10+8+3 = 76 → (76 - 40) / 76 = 47.4 %
    expect(lines).toEqual([
      '📊 SUMMARY:',
      '├─ Total time: 40 minutes',
      '├─ Sequential time: 79 minutes (plan estimate)',
      '├─ Efficiency: 47% faster than one task at a time (plan estimate: 47%)',
      '├─ Waves executed: 6 of 6',
      '├─ Instances used: 8 of 15',
      '├─ Tasks: 10 succeeded, 0 failed, 0 skipped (of 10)',
      '├─ Files changed: 4',
      '├─ Git commit: b4e8f1d',
      '└─ Status: ✅ SUCCEEDED',
    ]);
  });
});
