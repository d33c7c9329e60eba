import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { parseConfig, parseOptions } from '../src/model/config.js';
import { plan } from '../src/plan/plan.js';
import { thrown } from './error-fixtures.js';

/** The seed's `.claude/wave_config.json` example, verbatim (shared/seed.md, "OPTIONAL CONFIGURATION"). */
const SEED_CONFIG = {
  execution: {
    max_instances: 15,
    default_priority: 'balanced',
    dry_run_first: false,
    require_approval_critical: true,
  },
  safety: {
    always_backup: true,
    auto_rollback: true,
    create_rollback_scripts: true,
  },
  display: {
    show_progress: true,
    verbosity: 'detailed',
    checkpoint_retention: 'cleanup',
  },
  critical_keywords: ['database migration', 'production deployment', 'delete all', 'drop table', 'force push'],
};

describe('parseConfig', () => {
  it('parses the seed example config into options', () => {
    const { options, warnings } = parseConfig(SEED_CONFIG);
    expect(options).toEqual({
      maxInstances: 15,
      priority: 'balanced',
      dryRun: false,
      requireApproval: true,
      createRollbackScripts: true,
      checkpointVerbosity: 'detailed',
      checkpointRetention: 'cleanup',
      criticalKeywords: ['database migration', 'production deployment', 'delete all', 'drop table', 'force push'],
    });
    expect(warnings).toEqual([]);
  });

  it('maps the safety and display switches: auto_rollback false → pause, show_progress false → quiet, always_backup false warns', () => {
    const { options, warnings } = parseConfig({ safety: { always_backup: false, auto_rollback: false }, display: { show_progress: false } });
    expect(options).toMatchObject({ onFailure: 'pause', progressDisplay: 'quiet' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/always_backup: false is ignored/);
  });

  it('accepts the flat snake_case option keys too', () => {
    expect(parseConfig({ max_waves: 12, on_failure: 'continue', favor_parallelization: 'yes' }).options).toEqual({ maxWaves: 12, onFailure: 'continue', favorParallelization: true });
  });

  it.each([
    [{ execution: { max_instancez: 3 } }, 'execution.max_instancez'],
    [{ execution: { max_instances: 99 } }, 'execution.max_instances'],
    [{ execution: { default_priority: 'fast' } }, 'execution.default_priority'],
    [{ safety: { auto_rollback: 'maybe' } }, 'safety.auto_rollback'],
    [{ display: { verbosity: 'loud' } }, 'display.verbosity'],
    [{ critical_keywords: 'drop table' }, 'critical_keywords'],
    [{ colour: 'blue' }, 'colour'],
  ])('%o → INVALID_CONFIG naming %s', (value, field) => {
    const error = thrown(() => parseConfig(value, 'wavefront.config.json'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details['field']).toBe(field);
    expect(error.message).toContain(field.split('.').pop());
    expect(error.message.startsWith('wavefront.config.json')).toBe(true);
  });

  it.each([null, [], 'x', 3])('INVALID_CONFIG for a non-object config %o', (value) => {
    expect(thrown(() => parseConfig(value)).code).toBe('INVALID_CONFIG');
  });
});

describe('parseOptions', () => {
  it('accepts camelCase and snake_case, passing listed extra keys through untouched', () => {
    expect(parseOptions({ max_waves: 4, maxInstances: 3, decomposer: 'ignored' }, ['decomposer'])).toEqual({ maxWaves: 4, maxInstances: 3 });
    expect(parseOptions(undefined)).toEqual({});
  });

  it('rejects an option given under both spellings with different values', () => {
    const error = thrown(() => parseOptions({ maxWaves: 4, max_waves: 5 }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/given twice/);
  });

  it('names the bad field', () => {
    expect(thrown(() => parseOptions({ max_instances: 99 })).details['field']).toBe('max_instances');
    expect(thrown(() => parseOptions({ maxInstancez: 2 })).details['field']).toBe('maxInstancez');
  });
});

describe('loadConfig and plan({ config })', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wavefront-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the seed file .claude/wave_config.json and its critical_keywords reach plan()', async () => {
    await mkdir(join(dir, '.claude'), { recursive: true });
    await writeFile(join(dir, '.claude', 'wave_config.json'), JSON.stringify(SEED_CONFIG));
    const loaded = await loadConfig(dir);
    expect(loaded?.path).toBe(join(dir, '.claude', 'wave_config.json'));
    const result = await plan({ tasks: [{ id: 'wipe', title: 'Force push the cleaned branch' }] }, { config: loaded?.value });
    expect(result.tasks.find((task) => task.id === 'wipe')?.criticalReasons).toContain('keyword:force push');
  });

  it('returns undefined when no config file exists, and INVALID_CONFIG for bad JSON or a missing named file', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    expect(await loadConfig(empty)).toBeUndefined();
    await writeFile(join(empty, 'wavefront.config.json'), '{ nope');
    await expect(loadConfig(empty)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(loadConfig(empty, 'missing.json')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('a bad config object makes plan() fail with the field', async () => {
    await expect(plan('Add a button', { config: { execution: { max_instancez: 3 } } })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      details: { field: 'execution.max_instancez' },
    });
  });
});
