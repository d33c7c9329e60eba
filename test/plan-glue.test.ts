import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../src/cli/render-plan.js';
import { buildDag } from '../src/graph/build-dag.js';
import { parseConfig, parseOptions } from '../src/model/config.js';
import { WavefrontError } from '../src/model/errors.js';
import type { Plan, PlannedTask } from '../src/model/plan.js';
import type { TaskSpec } from '../src/model/task.js';
import {
  DEFAULT_GLUE_CATALOGUE,
  DEFAULT_GLUE_FILES,
  GLUE_LOCK_PATH,
  GLUE_PASS_LIMIT,
  GLUE_PHASE,
  applyGluePass,
  glueCategory,
  inferGlueFiles,
  isGlueFile,
  resolveGlueFiles,
} from '../src/plan/glue.js';
import { GLUE_REWIRE_LIMIT } from '../src/plan/glue-dependents.js';
import { plan } from '../src/plan/plan.js';
import { simulate } from '../src/schedule/simulate.js';
import { writeSetsOverlap } from '../src/schedule/write-sets.js';
import { thrown } from './error-fixtures.js';
import { dagArbitrary } from './waves-random-dag.js';

const NPM = ['package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];
const task = (p: Plan, id: string): PlannedTask => {
  const found = p.tasks.find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id} in ${p.tasks.map((t) => t.id).join(', ')}`);
  return found;
};

describe('the glue catalogue', () => {
  it.each([
    'package.json', './package.json', 'apps/web/package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock',
    'requirements.txt', 'requirements-dev.txt', 'pyproject.toml', 'poetry.lock', 'Pipfile', 'Pipfile.lock', 'go.mod', 'go.sum',
    'Cargo.toml', 'Cargo.lock', 'Gemfile', 'Gemfile.lock', 'composer.json', 'composer.lock', 'src/index.ts', 'index.tsx', 'lib/index.js',
    'index.mjs', 'pkg/__init__.py', 'src/mod.rs', 'src/lib.rs', 'db/migrations/index.ts', 'drizzle/migrations/meta/_journal.json',
    'db/schema.rb', 'db/structure.sql', 'src/routes/index.ts', 'packages/*/package.json', 'src/**/index.ts', 'SRC/INDEX.TS',
  ])('%s is glue', (path) => {
    expect(isGlueFile(path)).toBe(true);
  });

  it.each([
    'src/**', 'src/api/orders.ts', 'package.json.bak', 'my-package.json', 'src/index.css', 'index.html', 'packages/', 'src/',
    '../package.json', GLUE_LOCK_PATH, '**/*.json', 'src/*', 'requirements/base.in', 'db/schema.sql', 'migrations/001_init.sql',
  ])('%s is not glue', (path) => {
    expect(isGlueFile(path)).toBe(false);
  });

  it('ships every file family of the documented catalogue as globs, each with a category', () => {
    for (const name of ['package.json', 'yarn.lock', 'go.sum', 'Cargo.lock', 'composer.lock', 'Pipfile.lock', '__init__.py', 'mod.rs', 'lib.rs']) {
      expect(DEFAULT_GLUE_FILES).toContain(`**/${name}`);
    }
    expect(DEFAULT_GLUE_FILES).toContain('**/migrations/index.*');
    expect(DEFAULT_GLUE_FILES).toContain('**/routes/index.*');
    expect(new Set(DEFAULT_GLUE_CATALOGUE.map((e) => e.category))).toEqual(new Set(['manifest', 'lockfile', 'barrel', 'migration-index', 'route-registry']));
    expect(Object.isFrozen(DEFAULT_GLUE_CATALOGUE)).toBe(true);
  });

  it('categorises: route and migration indexes before barrels, lockfiles apart from manifests', () => {
    expect(glueCategory('src/routes/index.ts')).toBe('route-registry');
    expect(glueCategory('db/migrations/index.js')).toBe('migration-index');
    expect(glueCategory('db/schema.rb')).toBe('migration-index');
    expect(glueCategory('yarn.lock')).toBe('lockfile');
    expect(glueCategory('go.mod')).toBe('manifest');
    expect(glueCategory('src/index.ts')).toBe('barrel');
    expect(glueCategory('**/index.*')).toBe('barrel');
    expect(glueCategory('src/registry.ts')).toBe('custom');
  });

  it('uses the globs it is given instead of the catalogue', () => {
    expect(isGlueFile('src/registry.ts', ['src/registry.ts'])).toBe(true);
    expect(isGlueFile('package.json', ['src/registry.ts'])).toBe(false);
    expect(isGlueFile('config/a.json', ['config/*.json'])).toBe(true);
    expect(isGlueFile('config/sub/a.json', ['config/*.json'])).toBe(false);
  });

  it('rejects non-string input with INVALID_ARGUMENT', () => {
    expect(thrown(() => isGlueFile(3 as unknown as string)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => isGlueFile('a', 'x' as unknown as string[])).code).toBe('INVALID_ARGUMENT');
  });

  it('the glue lock overlaps itself and nothing a feature writes', () => {
    expect(writeSetsOverlap([GLUE_LOCK_PATH], ['package.json', GLUE_LOCK_PATH])).toBe(true);
    expect(writeSetsOverlap([GLUE_LOCK_PATH], ['package.json', 'src/**', 'src/index.ts', '*.lock'])).toBe(false);
  });
});

describe('inferGlueFiles', () => {
  it.each([
    ['Install zod', NPM, true],
    ['Add the zod dependency', NPM, true],
    ['Add zod as a dev dependency', NPM, true],
    ['Add a dependency on zod', NPM, true],
    ['Run npm install zod', ['package.json', 'package-lock.json'], true],
    ['yarn add @tanstack/react-query', ['package.json', 'yarn.lock'], true],
    ['cargo add serde', ['Cargo.toml', 'Cargo.lock'], true],
    ['go get github.com/google/uuid', ['go.mod', 'go.sum'], true],
    ['poetry add httpx', ['pyproject.toml', 'poetry.lock'], true],
    ['Add requests to requirements.txt', ['requirements.txt'], true],
    ['Add the requests dependency to pyproject.toml', ['pyproject.toml', 'poetry.lock'], true],
    ['Add zod to apps/web/package.json', ['apps/web/package.json', 'apps/web/package-lock.json', 'apps/web/pnpm-lock.yaml', 'apps/web/yarn.lock'], true],
    ['Update package.json', ['package.json'], true],
    ['Export the Button from src/components/index.ts', ['src/components/index.ts'], true],
    ['Add a date picker and export it from the barrel', ['**/index.*'], false],
    ['Create the orders table and register the migration in the migration index', ['**/migrations/index.*'], false],
    ['Add a login endpoint and register the route in the route registry', ['**/routes/index.*'], false],
    ['Add zod validation and install zod', NPM, false],
  ])('%s → %j (only glue: %s)', (title, files, only) => {
    const inference = inferGlueFiles({ title });
    expect(inference.files).toEqual(files);
    expect(inference.only).toBe(only);
    expect(inference.matches.length).toBeGreaterThan(0);
  });

  it.each([
    'Add zod validation to the signup form',
    'Install test dependencies',
    'Install unit test dependencies',
    'Update the README with install instructions',
    'Install Docker on the build agents',
    'Add dependency injection to the service',
    'Check dependencies for input validation',
    'Export the report from the index page',
    'Read the version from package.json',
  ])('%s → nothing', (title) => {
    expect(inferGlueFiles({ title }).files).toEqual([]);
  });

  it('reads the description too, but skips negated sentences and non-editing tasks', () => {
    expect(inferGlueFiles({ title: 'Add validation', description: 'Use zod. Install zod first.' }).files).toEqual(NPM);
    expect(inferGlueFiles({ title: 'Add validation', description: 'Do not edit package.json: the glue pass updates them after this task.' }).files).toEqual([]);
    expect(inferGlueFiles({ title: 'Review breaking changes in zod', description: 'Install zod' }).files).toEqual([]);
    expect(inferGlueFiles({ title: 'Write unit tests for the barrel', description: 'export it from the barrel' }).files).toEqual([]);
  });

  it('rejects bad input with INVALID_ARGUMENT', () => {
    expect(thrown(() => inferGlueFiles({ title: 3 } as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => inferGlueFiles(null as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => inferGlueFiles({ title: 'Install zod' }, [''])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => applyGluePass('x' as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => applyGluePass([], 'x' as never)).code).toBe('INVALID_ARGUMENT');
  });

  it('returns only files the active globs call glue', () => {
    expect(inferGlueFiles({ title: 'Install zod' }, ['src/registry.ts']).files).toEqual([]);
    expect(inferGlueFiles({ title: 'Install zod' }, ['**/package.json']).files).toEqual(['package.json']);
    expect(inferGlueFiles({ title: 'Install zod' }, []).files).toEqual([]);
  });
});

describe('the glue pass: split tasks', () => {
  const tasks: TaskSpec[] = [
    { id: 'api', title: 'Add orders endpoint', role: 'backend-engineer', touches: ['src/api/orders.ts', 'package.json', 'src/index.ts'] },
    { id: 'ui', title: 'Add orders page', description: 'A table of orders.', touches: ['src/ui/orders.tsx', 'package.json'] },
    { id: 'docs', title: 'Document orders', touches: ['docs/orders.md'], dependsOn: ['api'] },
  ];

  it('removes glue from the requester, tells it so, and adds one glue task per file depending on every requester', async () => {
    const p = await plan({ tasks });
    const api = task(p, 'api');
    expect(api.touches).toEqual(['src/api/orders.ts']);
    expect(api.description).toBe('Do not edit package.json, src/index.ts: the glue pass updates them after this task.');
    const ui = task(p, 'ui');
    expect(ui.touches).toEqual(['src/ui/orders.tsx']);
    expect(ui.description).toBe('A table of orders.\n\nDo not edit package.json: the glue pass updates them after this task.');
    expect(task(p, 'docs').touches).toEqual(['docs/orders.md']);

    const manifest = task(p, 'glue-package-json');
    expect(manifest).toMatchObject({
      title: 'Update package.json for: Add orders endpoint; Add orders page',
      dependsOn: ['api', 'ui'],
      role: 'devops-engineer',
      kind: 'work',
      phase: GLUE_PHASE,
      estimateMinutes: 5,
      touches: ['package.json', GLUE_LOCK_PATH],
      glue: ['package.json'],
      critical: false,
    });
    expect(manifest.description).toContain('Add orders endpoint [api]: package.json');
    expect(manifest.description).toContain('Add orders page [ui]: package.json');
    const barrel = task(p, 'glue-src-index-ts');
    expect(barrel).toMatchObject({ dependsOn: ['api'], role: 'backend-engineer', touches: ['src/index.ts', GLUE_LOCK_PATH], estimateMinutes: 3 });

    expect(p.gluePass).toEqual([
      { taskId: 'glue-package-json', files: ['package.json'], requestedBy: ['api', 'ui'] },
      { taskId: 'glue-src-index-ts', files: ['src/index.ts'], requestedBy: ['api'] },
    ]);
    // The requester's dependent waits for both glue tasks; the final commit waits for it.
    expect(task(p, 'docs').dependsOn).toEqual(['api', 'glue-package-json', 'glue-src-index-ts']);
    const commit = p.tasks.find((t) => t.kind === 'commit') as PlannedTask;
    expect(commit.dependsOn).toEqual(['docs']);
    expect(p.warnings).toEqual([]);
    // The two glue tasks are a listed write conflict (the lock), the requesters no longer conflict.
    expect(p.conflicts).toEqual([{ a: 'glue-package-json', b: 'glue-src-index-ts', paths: [GLUE_LOCK_PATH] }]);
  });

  it('without the pass the same tasks conflict on package.json instead', async () => {
    const p = await plan({ tasks }, { glueFiles: false });
    expect(p.gluePass).toBeUndefined();
    expect(task(p, 'api').touches).toEqual(['src/api/orders.ts', 'package.json', 'src/index.ts']);
    expect(p.conflicts).toEqual([{ a: 'api', b: 'ui', paths: ['package.json'] }]);
  });

  it('a lockfile joins its manifest in one glue task, manifest first', () => {
    const out = applyGluePass([
      { id: 'a', title: 'A', touches: ['src/a.ts', 'yarn.lock'] },
      { id: 'b', title: 'B', touches: ['src/b.ts', './package.json'] },
      { id: 'c', title: 'C', touches: ['src/c.ts', 'web/package.json'] },
    ]);
    expect(out.tasks.map((t) => t.id)).toEqual(['a', 'b', 'c', 'glue-package-json', 'glue-web-package-json']);
    expect(out.glue.get('glue-package-json')).toEqual(['package.json', 'yarn.lock']);
    expect(out.requestedBy.get('glue-package-json')).toEqual(['a', 'b']);
    expect(out.tasks.find((t) => t.id === 'glue-package-json')?.title).toBe('Update package.json and yarn.lock for: A; B');
    expect(out.glue.get('glue-web-package-json')).toEqual(['web/package.json']);
  });

  it('keeps ids unique and valid, and picks roles by file kind', () => {
    const out = applyGluePass([
      { id: 'glue-package-json', title: 'Existing task' },
      { id: 'm', title: 'Add orders migration', touches: ['db/migrations/002_orders.sql', 'db/migrations/index.ts'] },
      { id: 'r', title: 'Add orders route', touches: ['src/routes/orders.ts', 'src/routes/index.ts'] },
      { id: 'w', title: 'Add orders docs page', role: 'technical-writer', touches: ['docs/orders.md', 'docs/index.ts'] },
      { id: 'p', title: 'Add parser', role: 'I5', touches: ['src/parser.ts', 'package.json'] },
    ]);
    const byId = new Map(out.tasks.map((t) => [t.id, t]));
    expect(byId.get('glue-package-json-2')?.role).toBe('devops-engineer');
    expect(byId.get('glue-db-migrations-index-ts')?.role).toBe('migration-engineer');
    expect(byId.get('glue-src-routes-index-ts')?.role).toBe('backend-engineer');
    expect(byId.get('glue-docs-index-ts')?.role).toBe('technical-writer');
    expect(() => buildDag(out.tasks)).not.toThrow();
  });

  it('keeps a split task on the role its own text gives it (the note names package.json)', async () => {
    const p = await plan({ tasks: [{ id: 'api', title: 'Add orders endpoint', touches: ['src/api/orders.ts', 'package.json'] }] });
    expect(task(p, 'api').role).toBe('backend-engineer');
  });

  it('shortens the title of a glue task with many requesters', () => {
    const many = Array.from({ length: 12 }, (_, i): TaskSpec => ({
      id: `t${i}`,
      title: `Implement the rather long feature number ${i} with all of its many moving parts and then some more`,
      touches: [`src/f${i}.ts`, 'package.json'],
    }));
    const glue = applyGluePass(many).tasks.find((t) => t.id === 'glue-package-json') as TaskSpec;
    expect(glue.title.length).toBeLessThanOrEqual(220);
    expect(glue.title).toMatch(/^Update package\.json for: Implement the rather long feature number 0 .*… \(\+\d+ more\)$/);
    expect(glue.dependsOn).toHaveLength(12);
  });

  it(`stops at ${GLUE_PASS_LIMIT} glue tasks: the rest keep their glue files, and the plan says so`, async () => {
    const specs = Array.from({ length: GLUE_PASS_LIMIT + 20 }, (_, i): TaskSpec => ({ id: `m${i}`, title: `Module ${i}`, touches: [`m${i}/a.ts`, `m${i}/index.ts`] }));
    const out = applyGluePass(specs);
    expect(out.glue.size).toBe(GLUE_PASS_LIMIT);
    expect(out.tasks.find((t) => t.id === `m${GLUE_PASS_LIMIT - 1}`)?.touches).toEqual([`m${GLUE_PASS_LIMIT - 1}/a.ts`]);
    expect(out.tasks.find((t) => t.id === `m${GLUE_PASS_LIMIT}`)?.touches).toEqual([`m${GLUE_PASS_LIMIT}/a.ts`, `m${GLUE_PASS_LIMIT}/index.ts`]);
    expect(out.warnings).toEqual([expect.stringMatching(/^glue pass: more than 128 glue tasks would be needed; 20 task\(s\) keep/)]);
    const p = await plan({ tasks: specs });
    expect(p.gluePass).toHaveLength(GLUE_PASS_LIMIT);
    expect(p.warnings).toEqual(out.warnings);
  });

  it('lists at most 40 requesters by name in a glue task description', () => {
    const specs = Array.from({ length: 45 }, (_, i): TaskSpec => ({ id: `t${i}`, title: `Feature ${i}`, touches: [`src/f${i}.ts`, 'package.json'] }));
    const description = applyGluePass(specs).tasks.find((t) => t.id === 'glue-package-json')?.description ?? '';
    expect(description).toContain('- Feature 39 [t39]: package.json');
    expect(description).not.toContain('[t40]');
    expect(description).toContain('- and 5 more tasks (this task depends on each of them)');
  });

  it('a request whose text infers glue but writes other things splits too', async () => {
    const p = await plan({ tasks: [{ id: 'v', title: 'Add signup validation', description: 'Install zod and validate the form.', touches: ['src/signup.ts'] }] });
    expect(task(p, 'v').description).toBe(`Install zod and validate the form.\n\nDo not edit ${NPM.join(', ')}: the glue pass updates them after this task.`);
    expect(task(p, 'glue-package-json').description).toContain('(its text: "Install zod")');
    expect(p.gluePass).toEqual([{ taskId: 'glue-package-json', files: NPM, requestedBy: ['v'] }]);
  });
});

describe('the glue pass: pure glue tasks', () => {
  it('a task that only writes glue joins the pass as it is, with the glue lock', async () => {
    const p = await plan({
      tasks: [
        { id: 'barrel', title: 'Export the orders module', touches: ['src/index.ts'] },
        { id: 'zod', title: 'Install zod' },
        { id: 'api', title: 'Add orders endpoint', touches: ['src/api/orders.ts'] },
      ],
    });
    expect(task(p, 'barrel')).toMatchObject({ touches: ['src/index.ts', GLUE_LOCK_PATH], glue: ['src/index.ts'] });
    expect(task(p, 'barrel').description).toBeUndefined();
    expect(task(p, 'zod')).toMatchObject({ touches: [...NPM, GLUE_LOCK_PATH], glue: NPM });
    expect(task(p, 'api').glue).toBeUndefined();
    expect(p.tasks.filter((t) => t.phase === GLUE_PHASE)).toEqual([]);
    expect(p.gluePass).toEqual([
      { taskId: 'barrel', files: ['src/index.ts'], requestedBy: ['barrel'] },
      { taskId: 'zod', files: NPM, requestedBy: ['zod'] },
    ]);
  });

  it('a task with a command cannot be split: it joins the pass whole', () => {
    const out = applyGluePass([{ id: 'i', title: 'Install', command: ['npm', 'install', 'zod'], touches: ['package.json', 'src/a.ts'] }]);
    expect(out.tasks).toEqual([{ id: 'i', title: 'Install', command: ['npm', 'install', 'zod'], touches: ['package.json', 'src/a.ts', GLUE_LOCK_PATH] }]);
    expect(out.glue.get('i')).toEqual(['package.json']);
  });

  it('planner tasks (backup, verify, ...) never take part', () => {
    const specs: TaskSpec[] = [{ id: 'v', title: 'Verify package.json', kind: 'verify', touches: ['package.json'] }];
    expect(applyGluePass(specs).tasks).toEqual(specs);
  });

  it('re-planning a glued plan changes nothing more (the note and the lock are recognised)', async () => {
    const first = await plan({ tasks: [{ id: 'api', title: 'Add orders endpoint', touches: ['src/api/orders.ts', 'package.json'] }] });
    const specs = first.tasks
      .filter((t) => t.kind === 'work')
      .map((t): TaskSpec => ({ id: t.id, title: t.title, role: t.role, ...(t.description ? { description: t.description } : {}), ...(t.touches ? { touches: t.touches } : {}), dependsOn: t.dependsOn.filter((d) => d !== 'git_backup') }));
    const again = applyGluePass(specs);
    expect(again.tasks).toEqual(specs);
    expect([...again.glue.keys()]).toEqual(['glue-package-json']);
  });
});

describe('the glue pass: dependents wait for the glue', () => {
  const slot = (timeline: readonly { taskId: string; start: number; end: number }[], id: string) => {
    const found = timeline.find((e) => e.taskId === id);
    if (!found) throw new Error(`no ${id} in the timeline`);
    return found;
  };

  it('a dependent of a split task depends on its glue task and starts after the glue task ends', async () => {
    const p = await plan({
      tasks: [
        { id: 'api', title: 'Add orders endpoint', touches: ['src/api/orders.ts', 'package.json'], estimateMinutes: 10 },
        { id: 'test', title: 'Test orders endpoint', touches: ['test/orders.test.ts'], dependsOn: ['api'], estimateMinutes: 10 },
        { id: 'ui', title: 'Add orders page', touches: ['src/ui/orders.tsx', 'package.json'], dependsOn: ['api'], estimateMinutes: 10 },
        { id: 'zod', title: 'Install zod', dependsOn: ['api'] },
      ],
    });
    expect(task(p, 'glue-package-json').dependsOn).toEqual(['api', 'ui']);
    expect(task(p, 'test').dependsOn).toEqual(['api', 'glue-package-json']);
    // A requester of the same glue task: the glue task waits for it, not the other way round.
    expect(task(p, 'ui').dependsOn).toEqual(['api']);
    // A glue task stays unordered with the other glue tasks (the lock serialises them).
    expect(task(p, 'zod').dependsOn).toEqual(['api']);
    expect(p.warnings).toEqual([]);
    for (const options of [undefined, { instances: 4 }, { instances: 4, mode: 'waves' as const }]) {
      const { timeline } = simulate(p, options);
      expect(slot(timeline, 'test').start).toBeGreaterThanOrEqual(slot(timeline, 'glue-package-json').end);
      expect(slot(timeline, 'glue-package-json').start).toBeGreaterThanOrEqual(slot(timeline, 'ui').end);
    }
  });

  it('skips a dependent upstream of another requester, with a warning naming both, and stays acyclic', async () => {
    // r2 (a requester) depends on d, a dependent of r1: d → glue-package-json would close d → glue → r2 → d.
    const tasks: TaskSpec[] = [
      { id: 'r1', title: 'Add parser', touches: ['src/parser.ts', 'package.json'] },
      { id: 'd', title: 'Add lexer', touches: ['src/lexer.ts'], dependsOn: ['r1'] },
      { id: 'r2', title: 'Add printer', touches: ['src/printer.ts', 'package.json'], dependsOn: ['d'] },
      { id: 'e', title: 'Add formatter', touches: ['src/format.ts'], dependsOn: ['r1'] },
    ];
    const out = applyGluePass(tasks);
    const byId = new Map(out.tasks.map((t) => [t.id, t]));
    expect(byId.get('glue-package-json')?.dependsOn).toEqual(['r1', 'r2']);
    expect(byId.get('d')?.dependsOn).toEqual(['r1']);
    expect(byId.get('e')?.dependsOn).toEqual(['r1', 'glue-package-json']);
    expect(out.warnings).toEqual([
      'glue pass: task "d" does not wait for glue task "glue-package-json": it depends on a task that asked for it, but the glue task already waits for it, so the edge would close a cycle',
    ]);
    expect(() => buildDag(out.tasks)).not.toThrow();
    const p = await plan({ tasks });
    expect(p.warnings).toEqual(out.warnings);
    expect(() => buildDag(p.tasks.map((t) => ({ id: t.id, title: t.title, dependsOn: t.dependsOn })))).not.toThrow();
  });

  it('counts the edges added for earlier glue tasks when checking for cycles', () => {
    // d1 → glue-package-json is safe, and so is d2 → glue-src-index-ts on the input graph; both together close
    // d1 → glue-package-json → r1b → d2 → glue-src-index-ts → r2b → d1, so the second one is skipped.
    const out = applyGluePass([
      { id: 'r1', title: 'R1', touches: ['src/r1.ts', 'package.json'] },
      { id: 'r2', title: 'R2', touches: ['src/r2.ts', 'src/index.ts'] },
      { id: 'd1', title: 'D1', touches: ['src/d1.ts'], dependsOn: ['r1'] },
      { id: 'd2', title: 'D2', touches: ['src/d2.ts'], dependsOn: ['r2'] },
      { id: 'r1b', title: 'R1b', touches: ['src/r1b.ts', 'package.json'], dependsOn: ['d2'] },
      { id: 'r2b', title: 'R2b', touches: ['src/r2b.ts', 'src/index.ts'], dependsOn: ['d1'] },
    ]);
    const byId = new Map(out.tasks.map((t) => [t.id, t]));
    expect(byId.get('glue-package-json')?.dependsOn).toEqual(['r1', 'r1b']);
    expect(byId.get('glue-src-index-ts')?.dependsOn).toEqual(['r2', 'r2b']);
    expect(byId.get('d1')?.dependsOn).toEqual(['r1', 'glue-package-json']);
    expect(byId.get('d2')?.dependsOn).toEqual(['r2']);
    expect(out.warnings).toEqual([expect.stringMatching(/^glue pass: task "d2" does not wait for glue task "glue-src-index-ts": /)]);
    expect(() => buildDag(out.tasks)).not.toThrow();
  });

  it('names at most 10 skipped dependents in one warning per glue task', () => {
    // Each d<i> depends on r1 and is upstream of r2, which asked for the same glue file.
    const ds = Array.from({ length: 12 }, (_, i): TaskSpec => ({ id: `d${i}`, title: `D${i}`, touches: [`src/d${i}.ts`], dependsOn: ['r1'] }));
    const out = applyGluePass([
      { id: 'r1', title: 'R1', touches: ['src/r1.ts', 'package.json'] },
      ...ds,
      { id: 'r2', title: 'R2', touches: ['src/r2.ts', 'package.json'], dependsOn: ds.map((d) => d.id) },
    ]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^glue pass: tasks "d0", "d1", .*"d9" and 2 more do not wait for glue task "glue-package-json": they depend/);
    expect(() => buildDag(out.tasks)).not.toThrow();
  });

  it(`rewires plans of up to ${GLUE_REWIRE_LIMIT} tasks; larger plans keep their edges and get one warning`, () => {
    const specs = (size: number): TaskSpec[] =>
      Array.from({ length: size }, (_, i): TaskSpec => {
        if (i === 0) return { id: 't0', title: 'Add parser', touches: ['src/parser.ts', 'package.json'] };
        if (i === 1) return { id: 't1', title: 'Add printer', touches: ['src/printer.ts', 'src/index.ts'] };
        return { id: `t${i}`, title: `Module ${i}`, touches: [`m${i}/a.ts`], dependsOn: [`t${i % 2}`] };
      });
    const within = applyGluePass(specs(GLUE_REWIRE_LIMIT));
    expect(within.warnings).toEqual([]);
    expect(within.tasks.find((t) => t.id === 't2')?.dependsOn).toEqual(['t0', 'glue-package-json']);
    expect(within.tasks.find((t) => t.id === 't3')?.dependsOn).toEqual(['t1', 'glue-src-index-ts']);
    const beyond = applyGluePass(specs(GLUE_REWIRE_LIMIT + 1));
    expect(beyond.warnings).toEqual([`glue pass: the plan has more than ${GLUE_REWIRE_LIMIT} tasks, so the dependents of split tasks do not wait for the glue tasks; make a task that needs a glue edit depend on its glue task (see gluePass)`]);
    expect(beyond.tasks.find((t) => t.id === 't2')?.dependsOn).toEqual(['t0']);
    expect(beyond.glue.size).toBe(2);
    // Nothing to rewire, nothing to say.
    expect(applyGluePass([...specs(2), ...Array.from({ length: GLUE_REWIRE_LIMIT }, (_, i): TaskSpec => ({ id: `x${i}`, title: `X${i}` }))]).warnings).toEqual([]);
  });
});

describe('plans without glue', () => {
  const withoutGlue: readonly (string | { tasks: TaskSpec[] })[] = [
    'Add a "last_login_at" timestamp column to the users table and update the login endpoint to set it on each successful login.',
    'The frontend needs a dark mode toggle. Add a theme context provider, update all components to support dark mode, add a toggle button in the header, persist the preference to localStorage, and test on all pages.',
    'Write comprehensive integration tests for the authentication system including signup, login, logout, token refresh, and password reset.',
    'Upgrade React to v19',
    { tasks: [{ id: 'a', title: 'A', touches: ['src/a.ts'] }, { id: 'b', title: 'B', touches: ['src/**'], dependsOn: ['a'] }] },
  ];

  it.each(withoutGlue.map((request) => [typeof request === 'string' ? request.slice(0, 40) : 'explicit tasks', request]))('%s: byte-identical with the pass on or off', async (_, request) => {
    const on = await plan(request as string);
    const off = await plan(request as string, { glueFiles: false });
    expect(JSON.stringify(on)).toBe(JSON.stringify(off));
    expect('gluePass' in on).toBe(false);
    expect(renderPlanText(on)).not.toContain('GLUE PASS');
  });
});

describe('requests through plan()', () => {
  it('"add the zod dependency" yields a glue task editing package.json and its lockfiles', async () => {
    const p = await plan('Add the zod dependency and add input validation to the signup endpoint');
    expect(p.gluePass).toHaveLength(1);
    const entry = p.gluePass?.[0];
    expect(entry?.files).toEqual(NPM);
    const glued = task(p, entry?.taskId ?? '');
    expect(glued.touches).toEqual([...NPM, GLUE_LOCK_PATH]);
    expect(glued.title).toMatch(/zod/i);
  });

  it('"install zod" in a mixed request: the install task is the glue task, the review task is not', async () => {
    const p = await plan('Install zod and add input validation to the signup endpoint');
    expect(p.gluePass?.map((e) => task(p, e.taskId).title)).toEqual(['Install zod']);
  });

  it('"export it from the barrel" splits the component task', async () => {
    const p = await plan('Add a date picker component and export it from the barrel');
    expect(p.gluePass).toHaveLength(1);
    const entry = p.gluePass?.[0];
    expect(entry?.files).toEqual(['**/index.*']);
    expect(task(p, entry?.taskId ?? '').phase).toBe(GLUE_PHASE);
    for (const id of entry?.requestedBy ?? []) expect(task(p, id).description).toMatch(/Do not edit \*\*\/index\.\*: the glue pass/);
  });

  it('`wavefront plan` prints the glue pass next to the conflicts', async () => {
    const p = await plan({ tasks: [{ id: 'api', title: 'Add orders endpoint', touches: ['src/api/orders.ts', 'package.json'] }, { id: 'zod', title: 'Install zod' }] });
    const text = renderPlanText(p);
    expect(text).toContain('GLUE PASS: 2 tasks edit shared files, one at a time');
    expect(text).toContain(`  zod: ${NPM.join(', ')}\n`);
    expect(text).toContain('  glue-package-json: package.json (for api)\n');
    expect(text.indexOf('GLUE PASS')).toBeGreaterThan(text.indexOf('WRITE CONFLICTS AVOIDED'));
  });
});

describe('the glueFiles option', () => {
  const tasks: TaskSpec[] = [
    { id: 'a', title: 'A', touches: ['src/a.ts', 'package.json', 'src/registry.ts'] },
    { id: 'b', title: 'B', touches: ['src/b.ts', 'src/registry.ts'] },
  ];
  const glueOf = (p: Plan) => (p.gluePass ?? []).map((e) => e.files.join());

  it('default catalogue; an array replaces it; { add } extends it; false disables the pass', async () => {
    expect(glueOf(await plan({ tasks }))).toEqual(['package.json']);
    expect(glueOf(await plan({ tasks }, { glueFiles: ['src/registry.ts'] }))).toEqual(['src/registry.ts']);
    expect(glueOf(await plan({ tasks }, { glueFiles: { add: ['src/registry.ts'] } }))).toEqual(['package.json', 'src/registry.ts']);
    expect(glueOf(await plan({ tasks }, { glueFiles: false }))).toEqual([]);
    expect(glueOf(await plan({ tasks }, { glueFiles: true }))).toEqual(['package.json']);
    expect(glueOf(await plan({ tasks }, { glueFiles: [] }))).toEqual([]);
  });

  it('accepts glue_files in options and in a config object', async () => {
    expect(glueOf(await plan({ tasks }, { glue_files: ['src/registry.ts'] } as never))).toEqual(['src/registry.ts']);
    expect(glueOf(await plan({ tasks }, { config: { glue_files: false } }))).toEqual([]);
    expect(glueOf(await plan({ tasks }, { config: { glue_files: false }, glueFiles: true }))).toEqual(['package.json']);
    expect(parseConfig({ glue_files: { add: ['x.json'] } }).options).toEqual({ glueFiles: { add: ['x.json'] } });
  });

  it.each([
    [{ glueFiles: 'yes' }, 'glueFiles'],
    [{ glueFiles: [''] }, 'glueFiles.0'],
    [{ glueFiles: { add: 'x' } }, 'glueFiles'],
    [{ glueFiles: { add: [' '] } }, 'glueFiles.add.0'],
    [{ glueFiles: { remove: ['x'] } }, 'glueFiles'],
    [{ glue_files: 3 }, 'glue_files'],
  ])('options %j → INVALID_CONFIG naming %s', (options, field) => {
    const error = thrown(() => parseOptions(options));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details['field']).toBe(field);
  });

  it('rejects one option given twice with different values', () => {
    expect(thrown(() => parseOptions({ glueFiles: false, glue_files: true })).code).toBe('INVALID_CONFIG');
    expect(parseOptions({ glueFiles: false, glue_files: false })).toEqual({ glueFiles: false });
  });

  it('resolveGlueFiles validates on its own (buildPlan takes options unparsed)', () => {
    expect(resolveGlueFiles(undefined)).toBe(DEFAULT_GLUE_FILES);
    expect(resolveGlueFiles(false)).toBeUndefined();
    expect(resolveGlueFiles(['a/*.json'])).toEqual(['a/*.json']);
    expect(resolveGlueFiles({ add: ['**/package.json', 'x'] })).toEqual([...DEFAULT_GLUE_FILES, 'x']);
    for (const bad of [null, 'x', 1, [''], [3], { add: 'x' }, { add: [''] }, { other: [] }, {}]) {
      const error = thrown(() => resolveGlueFiles(bad));
      expect(error).toBeInstanceOf(WavefrontError);
      expect(error.code).toBe('INVALID_CONFIG');
      expect(String(error.details['field'])).toMatch(/^glueFiles/);
    }
  });
});

const GLUE_POOL = ['package.json', 'yarn.lock', 'src/index.ts', 'db/migrations/index.ts', 'src/routes/index.ts', 'requirements.txt', 'Cargo.toml'];
const OTHER_POOL = ['src/a.ts', 'src/b/**', 'docs/x.md', 'src/**'];

/** Random DAGs where random tasks touch random glue files, some also other files, some only glue. */
const glueDag = dagArbitrary({ maxTasks: 24 }).chain((specs) =>
  fc
    .record({
      glue: fc.array(fc.subarray(GLUE_POOL, { maxLength: 3 }), { minLength: specs.length, maxLength: specs.length }),
      other: fc.array(fc.subarray(OTHER_POOL, { maxLength: 2 }), { minLength: specs.length, maxLength: specs.length }),
      install: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: specs.length, maxLength: specs.length }),
      mode: fc.constantFrom('dynamic', 'waves') as fc.Arbitrary<'dynamic' | 'waves'>,
      maxInstances: fc.integer({ min: 1, max: 15 }),
      instances: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ glue, other, install, mode, maxInstances, instances }) => ({
      tasks: specs.map((spec, i): TaskSpec => {
        const touches = [...(glue[i] ?? []), ...(other[i] ?? [])];
        return { ...spec, ...(touches.length > 0 ? { touches } : {}), ...(install[i] === 0 ? { description: `Install lib${i} for it.` } : {}) };
      }),
      mode,
      maxInstances,
      instances,
    })),
);

/** Ids of every task `id` waits for, directly or not. */
function ancestorsOf(p: Plan, id: string): Set<string> {
  const byId = new Map(p.tasks.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const stack = [id];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    for (const dep of byId.get(current)?.dependsOn ?? []) if (!seen.has(dep)) stack.push((seen.add(dep), dep));
  }
  return seen;
}

function expectSequential(p: Plan, timeline: readonly { taskId: string; start: number; end: number }[]): void {
  const glueIds = new Set((p.gluePass ?? []).map((e) => e.taskId));
  const slots = timeline.filter((e) => glueIds.has(e.taskId)).sort((a, b) => a.start - b.start);
  expect(slots).toHaveLength(glueIds.size);
  for (let k = 1; k < slots.length; k++) expect((slots[k] as { start: number }).start).toBeGreaterThanOrEqual((slots[k - 1] as { end: number }).end);
}

describe('property: the glue pass on random plans', () => {
  it('never runs two glue tasks at once, stays acyclic, moves every glue write into the pass, and is deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(glueDag, async ({ tasks, mode, maxInstances, instances }) => {
        const options = { mode, maxInstances, priority: 'speed' as const };
        const p = await plan({ tasks }, options);
        expect(JSON.stringify(await plan({ tasks }, options))).toBe(JSON.stringify(p));
        // Acyclic, every edge forward in waves.
        expect(() => buildDag(p.tasks.map((t) => ({ id: t.id, title: t.title, dependsOn: t.dependsOn })))).not.toThrow();
        const byId = new Map(p.tasks.map((t) => [t.id, t]));
        for (const t of p.tasks) for (const dep of t.dependsOn) expect((byId.get(dep) as PlannedTask).wave).toBeLessThan(t.wave);

        const pass = p.gluePass ?? [];
        const glueIds = new Set(pass.map((e) => e.taskId));
        const requested = tasks.some((t) => (t.touches ?? []).some((f) => GLUE_POOL.includes(f)) || t.description !== undefined);
        expect(pass.length > 0).toBe(requested);
        for (const t of p.tasks) {
          const touches = t.touches ?? [];
          if (glueIds.has(t.id)) {
            expect(touches).toContain(GLUE_LOCK_PATH);
            expect(t.glue?.length).toBeGreaterThan(0);
          } else {
            // Outside the pass nobody writes a glue file or holds the lock.
            expect(touches.filter((f) => isGlueFile(f) || f === GLUE_LOCK_PATH)).toEqual([]);
          }
        }
        // Every glue file an input task wrote is edited by a glue task that runs after it (or is that task).
        for (const input of tasks) {
          for (const file of (input.touches ?? []).filter((f) => GLUE_POOL.includes(f))) {
            const entry = pass.find((e) => e.requestedBy.includes(input.id) && e.files.includes(file));
            expect(entry, `${input.id} ${file}`).toBeDefined();
            if (entry && entry.taskId !== input.id) expect(ancestorsOf(p, entry.taskId)).toContain(input.id);
          }
        }
        expectSequential(p, simulate(p).timeline);
        expectSequential(p, simulate(p, { instances, mode }).timeline);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('stays acyclic and starts every dependent of a split task after its glue task, unless that edge would close a cycle', async () => {
    await fc.assert(
      fc.asyncProperty(glueDag, async ({ tasks, mode, instances }) => {
        const p = await plan({ tasks }, { mode, priority: 'speed' });
        expect(() => buildDag(p.tasks.map((t) => ({ id: t.id, title: t.title, dependsOn: t.dependsOn })))).not.toThrow();
        const pass = p.gluePass ?? [];
        const glueIds = new Set(pass.map((e) => e.taskId));
        const byId = new Map(p.tasks.map((t) => [t.id, t]));
        const timelines = [simulate(p).timeline, simulate(p, { instances, mode }).timeline];
        for (const entry of pass) {
          if (entry.requestedBy.includes(entry.taskId)) continue; // a task that joined the pass whole
          const requesters = new Set(entry.requestedBy);
          const dependents = tasks.filter((t) => !glueIds.has(t.id) && !requesters.has(t.id) && (t.dependsOn ?? []).some((d) => requesters.has(d)));
          for (const d of dependents) {
            if ((byId.get(d.id) as PlannedTask).dependsOn.includes(entry.taskId)) {
              for (const timeline of timelines) {
                const dSlot = timeline.find((e) => e.taskId === d.id);
                const gSlot = timeline.find((e) => e.taskId === entry.taskId);
                expect(dSlot && gSlot && dSlot.start >= gSlot.end, `${d.id} after ${entry.taskId}`).toBe(true);
              }
            } else {
              // Skipped only when needed: the glue task already waits for the dependent. And the plan says so.
              expect(ancestorsOf(p, entry.taskId)).toContain(d.id);
              const said = p.warnings.filter((w) => w.includes(`glue task ${JSON.stringify(entry.taskId)}`));
              expect(said).toHaveLength(1);
              expect(said[0]).toMatch(new RegExp(`${JSON.stringify(d.id)}|and \\d+ more`));
            }
          }
          // Nothing else among the input tasks was made to wait for it.
          const waiting = tasks.filter((t) => (byId.get(t.id) as PlannedTask).dependsOn.includes(entry.taskId)).map((t) => t.id);
          expect(waiting.every((id) => dependents.some((d) => d.id === id))).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});

describe('glue files named like Object.prototype members', () => {
  it('splits a task whose custom glue file is called constructor or __proto__ without crashing', () => {
    const result = applyGluePass(
      [{ id: 'a', title: 'Add the orders module', touches: ['src/orders.ts', 'constructor', '__proto__'] }],
      ['constructor', '__proto__'],
    );
    const glue = result.tasks.filter((task) => task.phase === 'Glue');
    const files = glue.map((task) => (task.touches ?? []).filter((t) => t !== '.wavefront/glue.lock').join(',')).sort();
    expect(files).toEqual(['__proto__', 'constructor']);
    expect(result.tasks.find((task) => task.id === 'a')?.touches).toEqual(['src/orders.ts']);
  });
});
