import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { insertGuards } from '../src/plan/guards.js';

const t = (id: string, dependsOn: string[] = []): TaskSpec => ({ id, title: `Task ${id}`, dependsOn });
const depsOf = (tasks: readonly TaskSpec[], id: string): readonly string[] | undefined => tasks.find((task) => task.id === id)?.dependsOn;

describe('insertGuards', () => {
  it('wraps a critical task: backup and rollback script take its dependencies, verify follows, dependents move to verify', () => {
    const out = insertGuards([t('a'), t('m', ['a']), t('b', ['m']), t('c', ['a'])], new Set(['m']));
    expect(out.map((task) => task.id)).toEqual(['a', 'm.data-backup', 'm.rollback-script', 'm', 'm.verify', 'b', 'c']);
    expect(depsOf(out, 'm.data-backup')).toEqual(['a']);
    expect(depsOf(out, 'm.rollback-script')).toEqual(['a']);
    expect(depsOf(out, 'm')).toEqual(['a', 'm.data-backup', 'm.rollback-script']);
    expect(depsOf(out, 'm.verify')).toEqual(['m']);
    expect(depsOf(out, 'b')).toEqual(['m.verify']);
    expect(depsOf(out, 'c')).toEqual(['a']);
    expect(out.find((task) => task.id === 'm.data-backup')).toMatchObject({ kind: 'data-backup', role: 'data-engineer' });
    expect(out.find((task) => task.id === 'm.verify')).toMatchObject({ kind: 'verify', role: 'database-analyst' });
  });

  it('guards of a critical task that follows another critical task wait for the first one’s verification', () => {
    const out = insertGuards([t('m1'), t('m2', ['m1'])], new Set(['m1', 'm2']));
    expect(depsOf(out, 'm2.data-backup')).toEqual(['m1.verify']);
    expect(depsOf(out, 'm2.rollback-script')).toEqual(['m1.verify']);
    expect(depsOf(out, 'm2')).toEqual(['m1.verify', 'm2.data-backup', 'm2.rollback-script']);
    // m1's only direct dependent is its verification.
    expect(out.filter((task) => (task.dependsOn ?? []).includes('m1')).map((task) => task.id)).toEqual(['m1.verify']);
  });

  it('can skip rollback scripts and picks free ids when the guard ids are taken', () => {
    const out = insertGuards([t('m'), t('m.verify')], new Set(['m']), { rollbackScripts: false });
    expect(out.map((task) => task.id)).toEqual(['m.data-backup', 'm', 'm.verify-2', 'm.verify']);
    expect(depsOf(out, 'm.verify-2')).toEqual(['m']);
  });

  it('returns the tasks unchanged when nothing is critical', () => {
    const tasks = [t('a'), t('b', ['a'])];
    expect(insertGuards(tasks, new Set())).toEqual(tasks);
  });
});
