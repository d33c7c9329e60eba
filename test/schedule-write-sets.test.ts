import { describe, expect, it } from 'vitest';
import { WavefrontError } from '../src/model/errors.js';
import type { Plan } from '../src/model/plan.js';
import type { TaskSpec } from '../src/model/task.js';
import { conflictPairs, Scheduler, simulate, writeSetsOverlap } from '../src/schedule/index.js';
import { fromPlan, fromTaskSpecs } from '../src/schedule/simulate-input.js';
import type { ScheduleTask } from '../src/schedule/types.js';

const overlap = (a: string | string[], b: string | string[]): boolean => writeSetsOverlap(Array.isArray(a) ? a : [a], Array.isArray(b) ? b : [b]);

describe('writeSetsOverlap()', () => {
  it.each([
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src//a.ts'],
    ['/src/a.ts', 'src/a.ts/'],
    ['SRC/A.ts', 'src/a.ts'],
    ['src/*.ts', 'src/a.ts'],
    ['src/?.ts', 'src/a.ts'],
    ['src/**', 'src/api/deep/user.ts'],
    ['**/*.ts', 'src/api/user.ts'],
    ['**', 'README.md'],
    ['src/**/*.ts', 'src/a.ts'],
    ['src/api', 'src/api/user.ts'],
    ['src/api/', 'src/api/*.ts'],
    ['src/*', 'src/api'],
    ['src/*.ts', 'src/a*'],
    ['src/*.ts', 'src/**/x.ts'],
    ['src/a?c.ts', 'src/*b*.ts'],
    ['src/api/*.ts', 'src/*/user.ts'],
    ['src/{a,b}.ts', 'src/c.ts'],
    ['src/[ab].ts', 'src/c.ts'],
    ['../other/a.ts', 'lib/b.ts'],
  ])('%s overlaps %s (both ways)', (a, b) => {
    expect(overlap(a, b)).toBe(true);
    expect(overlap(b, a)).toBe(true);
  });

  it.each([
    ['src/a.ts', 'src/b.ts'],
    ['src/*.ts', 'src/a.md'],
    ['src/*.ts', 'src/api/user.ts'],
    ['src/**', 'docs/readme.md'],
    ['src/?.ts', 'src/ab.ts'],
    ['**/*.md', 'src/a.ts'],
    ['src/a*.ts', 'src/b*.ts'],
    ['src/*.ts', 'src/*.md'],
    ['src/api', 'src/apis/x.ts'],
    ['src/{a,b}.ts', 'lib/a.ts'],
    ['**/*.md', 'src/api/user.ts'],
    ['src/a.ts', 'src/a.ts/x.md'],
    ['src/*', 'src/api/user.ts'],
  ])('%s does not overlap %s (both ways)', (a, b) => {
    expect(overlap(a, b)).toBe(false);
    expect(overlap(b, a)).toBe(false);
  });

  it('compares whole write sets: any pair overlapping is enough; empty sets overlap nothing', () => {
    expect(overlap(['docs/a.md', 'src/a.ts'], ['lib/**', 'src/*.ts'])).toBe(true);
    expect(overlap(['docs/a.md', 'src/a.ts'], ['lib/**', 'src/*.js'])).toBe(false);
    expect(overlap([], ['**'])).toBe(false);
  });

  it('rejects what is not an array of non-empty strings', () => {
    for (const bad of [undefined, 'src/a.ts', [''], [3], null] as unknown[]) {
      expect(() => writeSetsOverlap(bad as string[], ['a'])).toThrow(WavefrontError);
      expect(() => writeSetsOverlap(['a'], bad as string[])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('conflictPairs()', () => {
  it('lists unordered tasks that may write the same file, with the globs involved, in input order', () => {
    const pairs = conflictPairs([
      { id: 'api', touches: ['src/api/*.ts'] },
      { id: 'docs', touches: ['docs/**'] },
      { id: 'user', touches: ['src/api/user.ts', 'docs/x.txt'] },
      { id: 'free' },
      { id: 'md', touches: ['**/*.md'] },
      { id: 'after', dependsOn: ['api'], touches: ['src/api/user.ts'] },
      { id: 'late', dependsOn: ['after'], touches: ['src/api/x.ts'] },
    ]);
    expect(pairs).toEqual([
      { a: 'api', b: 'user', paths: ['src/api/*.ts', 'src/api/user.ts'] },
      { a: 'docs', b: 'user', paths: ['docs/**', 'docs/x.txt'] },
      { a: 'docs', b: 'md', paths: ['**/*.md', 'docs/**'] },
      { a: 'user', b: 'after', paths: ['src/api/user.ts'] },
    ]);
  });

  it('skips pairs ordered through tasks without write sets', () => {
    expect(
      conflictPairs([
        { id: 'a', touches: ['x'] },
        { id: 'mid', dependsOn: ['a'] },
        { id: 'b', dependsOn: ['mid'], touches: ['x/y'] },
        { id: 'c', touches: ['x/*'] },
      ]).map(({ a, b }) => `${a}-${b}`),
    ).toEqual(['a-c', 'b-c']);
  });

  it('validates its input', () => {
    expect(() => conflictPairs('x' as unknown as [])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => conflictPairs([{ id: 'a', touches: [''] }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => conflictPairs([{ id: 'a', dependsOn: ['zz'] }])).toThrow(expect.objectContaining({ code: 'UNKNOWN_DEPENDENCY' }));
    expect(() => conflictPairs([{ id: 'a' }, { id: 'a' }])).toThrow(expect.objectContaining({ code: 'DUPLICATE_ID' }));
  });
});

describe('the scheduler core keeps overlapping write sets apart', () => {
  const task = (id: string, touches?: string[], estimate = 10): ScheduleTask => ({
    id,
    dependsOn: [],
    estimate,
    critical: false,
    wave: 0,
    ...(touches === undefined ? {} : { touches }),
  });

  it('holds a conflicting ready task and starts the next non-conflicting one instead', () => {
    const s = new Scheduler([task('a', ['src/*.ts'], 30), task('b', ['src/a.ts'], 20), task('c', ['docs/x.md'], 10), task('d', undefined, 5)], {
      instances: [{ id: 'I1' }, { id: 'I2' }, { id: 'I3' }],
    });
    expect(s.dispatch().map((d) => d.taskId)).toEqual(['a', 'c', 'd']);
    s.finish('c', 'succeeded');
    s.finish('d', 'succeeded');
    expect(s.dispatch()).toEqual([]);
    s.finish('a', 'succeeded');
    expect(s.dispatch().map((d) => d.taskId)).toEqual(['b']);
  });

  it('keeps the write-set lock across insert() (re-planning while a task runs)', () => {
    const s = new Scheduler([task('a', ['src/a.ts'])], { instances: [{ id: 'I1' }, { id: 'I2' }] });
    expect(s.dispatch().map((d) => d.taskId)).toEqual(['a']);
    s.insert([task('fix', ['src/**']), task('doc', ['docs/a.md'])]);
    expect(s.dispatch().map((d) => d.taskId)).toEqual(['doc']);
    s.finish('a', 'succeeded');
    expect(s.dispatch().map((d) => d.taskId)).toEqual(['fix']);
  });

  it('rejects malformed touches', () => {
    expect(() => new Scheduler([{ ...task('a'), touches: [''] }], { instances: [{ id: 'I1' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('simulate() serialises tasks writing the same file, from a task list and from a plan', () => {
    const specs: TaskSpec[] = [
      { id: 'a', title: 'A', estimateMinutes: 10, touches: ['src/x.ts'] },
      { id: 'b', title: 'B', estimateMinutes: 10, touches: ['src/**'] },
      { id: 'c', title: 'C', estimateMinutes: 10 },
    ];
    expect(fromTaskSpecs(specs, {}).tasks.map((t) => t.touches)).toEqual([['src/x.ts'], ['src/**'], undefined]);
    expect(simulate(specs, { instances: 3 }).makespanMinutes).toBe(20);
    expect(simulate(specs.map(({ touches: _, ...rest }) => rest), { instances: 3 }).makespanMinutes).toBe(10);
    const plan = {
      tasks: specs.map((spec) => ({ ...spec, dependsOn: [], wave: 0, critical: false, instance: 'I1' })),
      instances: [{ id: 'I1' }, { id: 'I2' }, { id: 'I3' }],
    } as unknown as Plan;
    expect(fromPlan(plan, {}).tasks.map((t) => t.touches)).toEqual([['src/x.ts'], ['src/**'], undefined]);
    expect(simulate(plan).makespanMinutes).toBe(20);
    expect(() => fromPlan({ ...plan, tasks: [{ ...plan.tasks[0], touches: 'src' }] } as unknown as Plan, {})).toThrow(
      expect.objectContaining({ code: 'INVALID_PLAN' }),
    );
  });
});
