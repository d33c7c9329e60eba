import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { plan, type PlanOptions } from '../src/plan/plan.js';
import { rejection } from './error-fixtures.js';

const DARK_MODE =
  'The frontend needs a dark mode toggle. Add a theme context provider, update all components to support dark mode, add a toggle button in the header, persist the preference to localStorage, and test on all pages.';

const chain: TaskSpec[] = [
  { id: 'a', title: 'Create module a' },
  { id: 'b', title: 'Create module b', dependsOn: ['a'] },
  { id: 'c', title: 'Create module c', dependsOn: ['b'] },
];

describe('plan() options: snake_case and camelCase', () => {
  it.each([{ max_waves: 3 }, { maxWaves: 3 }])('%o → MAX_WAVES_EXCEEDED with a clear message', async (options) => {
    const error = await rejection(plan({ tasks: chain }, options as PlanOptions));
    expect(error.code).toBe('MAX_WAVES_EXCEEDED');
    expect(error.message).toBe('the plan needs 5 waves but max_waves is 3');
    expect(error.details).toEqual({ waves: 5, maxWaves: 3 });
  });

  it('max_waves large enough plans normally', async () => {
    expect((await plan({ tasks: chain }, { max_waves: 5 } as PlanOptions)).waves).toHaveLength(5);
  });

  it('rejects one option given twice with different values, accepts equal duplicates', async () => {
    const error = await rejection(plan({ tasks: chain }, { max_waves: 3, maxWaves: 4 } as PlanOptions));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/given twice/);
    expect((await plan({ tasks: chain }, { max_waves: 9, maxWaves: 9 } as PlanOptions)).waves).toHaveLength(5);
  });

  it.each([
    [{ max_wavez: 3 }, 'max_wavez'],
    [{ max_instances: 99 }, 'max_instances'],
    [{ maxInstances: 0 }, 'maxInstances'],
    [{ priority: 'fast' }, 'priority'],
    [{ on_failure: 'explode' }, 'on_failure'],
    [{ critical_keywords: ['ok', ''] }, 'critical_keywords.1'],
  ])('%o → INVALID_CONFIG naming %s', async (options, field) => {
    const error = await rejection(plan({ tasks: chain }, options as PlanOptions));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details['field']).toBe(field);
    expect(error.message).toContain(field.split('.')[0]);
  });

  it('rejects options that are not an object', async () => {
    expect((await rejection(plan('Add a button', 'fast' as unknown as PlanOptions))).code).toBe('INVALID_CONFIG');
  });

  it('yes/no strings and snake_case keys resolve into the plan settings', async () => {
    const result = await plan({ tasks: chain }, { dry_run: 'yes', require_approval: 'no', on_failure: 'pause', checkpoint_retention: 'keep' } as unknown as PlanOptions);
    expect(result.settings).toMatchObject({ dryRun: true, requireApproval: false, onFailure: 'pause', checkpointRetention: 'keep', priority: 'balanced' });
    expect((await plan({ tasks: chain }, { priority: 'speed' })).settings.requireApproval).toBe(false);
    expect((await plan({ tasks: chain })).settings).toMatchObject({ requireApproval: true, mode: 'dynamic', maxInstances: 15 });
  });
});

describe('plan() options: behaviour', () => {
  it('priority safety adds a verification task after each generation of work, between waves', async () => {
    const balanced = await plan({ tasks: chain });
    const safety = await plan({ tasks: chain }, { priority: 'safety' });
    expect(balanced.tasks.filter((task) => task.kind === 'verify')).toEqual([]);
    const checks = safety.tasks.filter((task) => task.kind === 'verify');
    expect(checks.map((task) => task.dependsOn)).toEqual([['a'], ['b'], ['c']]);
    const order = safety.waves.map((wave) => wave.taskIds.join(','));
    expect(order.slice(1, -1)).toEqual(['a', checks[0]?.id, 'b', checks[1]?.id, 'c', checks[2]?.id]);
    expect(safety.tasks.find((task) => task.id === 'b')?.dependsOn).toContain(checks[0]?.id);
  });

  it('priority safety on a text request puts Verification waves between work waves', async () => {
    const result = await plan(DARK_MODE, { priority: 'safety' });
    const names = result.waves.map((wave) => wave.name);
    expect(names.filter((name) => name === 'Verification').length).toBeGreaterThanOrEqual(3);
    names.forEach((name, i) => {
      if (name === 'Verification') expect(names[i + 1]).not.toBe('Verification');
    });
  });

  it('critical_keywords make "Delete all sessions" critical by keyword, and any phrase critical', async () => {
    const tasks: TaskSpec[] = [
      { id: 'sessions', title: 'Delete all sessions' },
      { id: 'secrets', title: 'Rotate secrets for staging' },
    ];
    const plain = await plan({ tasks });
    expect(plain.tasks.find((task) => task.id === 'secrets')?.critical).toBe(false);
    const result = await plan({ tasks }, { critical_keywords: ['delete all', 'rotate secrets'] } as PlanOptions);
    const sessions = result.tasks.find((task) => task.id === 'sessions');
    const secrets = result.tasks.find((task) => task.id === 'secrets');
    expect(sessions?.critical).toBe(true);
    expect(sessions?.criticalReasons).toContain('keyword:delete all');
    expect(secrets?.critical).toBe(true);
    expect(secrets?.criticalReasons).toEqual(['keyword:rotate secrets']);
    expect(result.waves.filter((wave) => wave.critical).map((wave) => wave.taskIds)).toEqual([['sessions'], ['secrets']]);
  });

  it('critical: false does not remove a rule verdict, and says so in warnings', async () => {
    const result = await plan({ tasks: [{ id: 'drop', title: 'Drop old users table', critical: false }] });
    expect(result.tasks.find((task) => task.id === 'drop')?.critical).toBe(true);
    expect(result.warnings.join('\n')).toMatch(/"drop" is marked critical: false/);
  });

  it('maxInstances 2 → at most 2 instances, I1 kept; explicit options win over a config object', async () => {
    const result = await plan(DARK_MODE, { maxInstances: 2 });
    expect(result.instances.length).toBeLessThanOrEqual(2);
    expect(result.instances.map((instance) => instance.id)).toContain('I1');
    const viaConfig = await plan(DARK_MODE, { config: { execution: { max_instances: 2 } } });
    expect(viaConfig.instances.length).toBeLessThanOrEqual(2);
    const explicitWins = await plan(DARK_MODE, { config: { execution: { max_instances: 1 } }, maxInstances: 3 });
    expect(explicitWins.instances.length).toBe(3);
  });

  it('favor_parallelization: no caps instances at the seed recommendation', async () => {
    const titles = ['Create endpoint a', 'Create endpoint b', 'Create endpoint c', 'Write tests a', 'Write tests b', 'Update docs', 'Review security', 'Configure CI', 'Analyse schema', 'Write ETL data script', 'Run e2e tests', 'Clean up temporary files'];
    const wide: TaskSpec[] = titles.map((title, i) => ({ id: `w${i}`, title }));
    const favored = await plan({ tasks: wide });
    const capped = await plan({ tasks: wide }, { favor_parallelization: 'no' } as unknown as PlanOptions);
    expect(capped.instances.length).toBeLessThanOrEqual(capped.complexity.recommendedInstances);
    expect(capped.complexity.recommendedInstances).toBe(6); // ceil(12 / 3) = 4, +2 as 12 tasks can run at once (> 5)
    expect(favored.instances).toHaveLength(12); // the widest wave
    expect(capped.instances.length).toBeLessThan(favored.instances.length);
  });

  it('create_rollback_scripts: false drops the rollback-script guard', async () => {
    const tasks: TaskSpec[] = [{ id: 'm', title: 'Execute Alembic migration' }];
    expect((await plan({ tasks })).tasks.some((task) => task.kind === 'rollback-script')).toBe(true);
    const without = await plan({ tasks }, { createRollbackScripts: false });
    expect(without.tasks.some((task) => task.kind === 'rollback-script')).toBe(false);
    expect(without.tasks.some((task) => task.kind === 'data-backup')).toBe(true);
  });
});
