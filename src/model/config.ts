/**
 * Options and the config file (`wavefront.config.json`, or the seed's `.claude/wave_config.json`).
 * @module
 */
import { z } from 'zod';
import { WavefrontError } from './errors.js';
import { formatZodIssue } from './zod-errors.js';

/** The seed's options and preferences, camelCased. Every field is optional. */
export interface WavefrontOptions {
  /** Plan only; execution becomes a simulation. @defaultValue false */
  readonly dryRun?: boolean | undefined;
  /** Ask before each critical task. @defaultValue true (false under priority `speed`) */
  readonly requireApproval?: boolean | undefined;
  /** speed maximises parallelism; safety adds approvals and a verification after each wave. @defaultValue 'balanced' */
  readonly priority?: 'speed' | 'safety' | 'balanced' | undefined;
  /** Fail planning when more waves are needed. Minimum 2. */
  readonly maxWaves?: number | undefined;
  /** Most instances, 1..15. @defaultValue 15 */
  readonly maxInstances?: number | undefined;
  /** What happens to checkpoint files after a successful run. @defaultValue 'cleanup' */
  readonly checkpointRetention?: 'cleanup' | 'keep' | 'archive' | undefined;
  /** Use as many instances as can run at once (else at most the seed's recommended count). @defaultValue true */
  readonly favorParallelization?: boolean | undefined;
  /** Checkpoint detail. @defaultValue 'detailed' */
  readonly checkpointVerbosity?: 'minimal' | 'detailed' | undefined;
  /** Progress output. @defaultValue 'live' */
  readonly progressDisplay?: 'live' | 'summary' | 'quiet' | undefined;
  /** What a failed task does to the run. @defaultValue 'rollback' */
  readonly onFailure?: 'rollback' | 'pause' | 'continue' | undefined;
  /** Extra phrases that make a task critical (the seed's `critical_keywords`). */
  readonly criticalKeywords?: readonly string[] | undefined;
  /** Execution mode. @defaultValue 'dynamic' */
  readonly mode?: 'dynamic' | 'waves' | undefined;
  /** Add a rollback-script task before each critical task. @defaultValue true */
  readonly createRollbackScripts?: boolean | undefined;
  /**
   * Glue files (shared registries such as `package.json` or `src/index.ts`) edited in one sequential
   * pass: `false` disables the pass, an array of globs replaces the default catalogue, `{ add }`
   * extends it. @defaultValue true (the default catalogue, docs/glue-files.md)
   */
  readonly glueFiles?: boolean | readonly string[] | { readonly add: readonly string[] } | undefined;
}

const yesNo = z.union([z.boolean(), z.enum(['yes', 'no', 'true', 'false']).transform((value) => value === 'yes' || value === 'true')]);
const priority = z.enum(['speed', 'safety', 'balanced']);
const retention = z.enum(['cleanup', 'keep', 'archive']);
const verbosity = z.enum(['minimal', 'detailed']);
const display = z.enum(['live', 'summary', 'quiet']);
const onFailure = z.enum(['rollback', 'pause', 'continue']);
const mode = z.enum(['dynamic', 'waves']);
const maxWaves = z.number().int().min(2).max(100_000);
const maxInstances = z.number().int().min(1).max(15);
const keywords = z.array(z.string().trim().min(1, 'must not be empty').max(200)).max(1000);
const glueGlobs = z.array(z.string().trim().min(1, 'must not be empty').max(1024)).max(1000);
const glueFiles = z.union([z.boolean(), glueGlobs, z.object({ add: glueGlobs }).strict()], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected false, true, an array of path globs, or { add: [path globs] }' : undefined),
});

/** Flat option keys, each in camelCase and the seed's snake_case. */
const FLAT_FIELDS = {
  dryRun: yesNo,
  requireApproval: yesNo,
  priority,
  maxWaves,
  maxInstances,
  checkpointRetention: retention,
  favorParallelization: yesNo,
  checkpointVerbosity: verbosity,
  progressDisplay: display,
  onFailure,
  criticalKeywords: keywords,
  mode,
  createRollbackScripts: yesNo,
  glueFiles,
} as const;

type FlatKey = keyof typeof FLAT_FIELDS;

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const SNAKE_TO_CAMEL = new Map<string, FlatKey>(Object.keys(FLAT_FIELDS).map((key) => [snake(key), key as FlatKey]));

const ConfigFileSchema = z
  .object({
    $schema: z.string().optional(),
    execution: z
      .object({
        max_instances: maxInstances.optional(),
        default_priority: priority.optional(),
        dry_run_first: yesNo.optional(),
        require_approval_critical: yesNo.optional(),
        max_waves: maxWaves.optional(),
        mode: mode.optional(),
        on_failure: onFailure.optional(),
        favor_parallelization: yesNo.optional(),
      })
      .strict()
      .optional(),
    safety: z
      .object({
        always_backup: yesNo.optional(),
        auto_rollback: yesNo.optional(),
        create_rollback_scripts: yesNo.optional(),
      })
      .strict()
      .optional(),
    display: z
      .object({
        show_progress: yesNo.optional(),
        verbosity: verbosity.optional(),
        checkpoint_retention: retention.optional(),
        progress_display: display.optional(),
      })
      .strict()
      .optional(),
    ...Object.fromEntries([...SNAKE_TO_CAMEL].map(([key, camel]) => [key, FLAT_FIELDS[camel].optional()])),
  })
  .strict();

/** A config parsed to options, plus remarks for the plan's warnings. */
export interface ParsedConfig {
  /** The options the config sets. */
  readonly options: WavefrontOptions;
  /** Non-fatal remarks (e.g. `always_backup: false` is ignored). */
  readonly warnings: readonly string[];
}

/**
 * Validates a config object (the parsed JSON of `wavefront.config.json` or the seed's
 * `.claude/wave_config.json`: sections `execution`, `safety`, `display`, plus flat snake_case keys).
 *
 * @param source - file name for error messages.
 * @throws {@link WavefrontError} `INVALID_CONFIG` naming the bad field.
 */
export function parseConfig(value: unknown, source = 'config'): ParsedConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WavefrontError('INVALID_CONFIG', `${source}: expected a JSON object`, { details: { field: '', source } });
  }
  const result = ConfigFileSchema.safeParse(value);
  if (!result.success) throw configError(result.error, source);
  const file = result.data as Record<string, unknown> & z.infer<typeof ConfigFileSchema>;
  const warnings: string[] = [];
  const options: Record<string, unknown> = {};
  const set = (key: FlatKey, v: unknown): void => {
    if (v !== undefined) options[key] = v;
  };
  const { execution, safety, display: displaySection } = file;
  set('maxInstances', execution?.max_instances);
  set('priority', execution?.default_priority);
  set('dryRun', execution?.dry_run_first);
  set('requireApproval', execution?.require_approval_critical);
  set('maxWaves', execution?.max_waves);
  set('mode', execution?.mode);
  set('onFailure', execution?.on_failure);
  set('favorParallelization', execution?.favor_parallelization);
  if (safety?.always_backup === false) warnings.push(`${source}: safety.always_backup: false is ignored; the wave-0 backup is always created`);
  if (safety?.auto_rollback === false && execution?.on_failure === undefined) set('onFailure', 'pause');
  set('createRollbackScripts', safety?.create_rollback_scripts);
  if (displaySection?.show_progress === false) set('progressDisplay', 'quiet');
  set('checkpointVerbosity', displaySection?.verbosity);
  set('checkpointRetention', displaySection?.checkpoint_retention);
  set('progressDisplay', displaySection?.progress_display);
  for (const [key, camel] of SNAKE_TO_CAMEL) set(camel, file[key]);
  return { options: options as WavefrontOptions, warnings };
}

/**
 * Validates options given in code. Accepts camelCase and the seed's snake_case keys
 * (`max_waves` or `maxWaves`); other keys listed in `extraKeys` are passed through untouched.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` naming the bad field, or when one option is given
 * under both spellings with different values.
 */
export function parseOptions(value: unknown, extraKeys: readonly string[] = [], source = 'options'): WavefrontOptions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WavefrontError('INVALID_CONFIG', `${source}: expected an object`, { details: { field: '' } });
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (extraKeys.includes(key) || raw === undefined) continue;
    const camel = (key in FLAT_FIELDS ? key : SNAKE_TO_CAMEL.get(key)) as FlatKey | undefined;
    if (camel === undefined) {
      throw new WavefrontError('INVALID_CONFIG', `${source}.${key}: unknown option`, { details: { field: key } });
    }
    const parsed = FLAT_FIELDS[camel].safeParse(raw);
    if (!parsed.success) throw configError(parsed.error, source, key);
    if (camel in out && JSON.stringify(out[camel]) !== JSON.stringify(parsed.data)) {
      throw new WavefrontError('INVALID_CONFIG', `${source}.${key}: given twice (as ${camel} and ${snake(camel)}) with different values`, {
        details: { field: key },
      });
    }
    out[camel] = parsed.data;
  }
  return out as WavefrontOptions;
}

function configError(error: z.ZodError, source: string, key?: string): WavefrontError {
  const issue = error.issues[0];
  const path = [key, ...(issue?.path ?? []).map(String)].filter((part): part is string => part !== undefined && part !== '');
  const field = path.join('.');
  const message = issue ? formatZodIssue({ ...issue, path: [] }) : 'invalid';
  const unknownKeys = issue?.code === 'unrecognized_keys' ? ` ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : '';
  return new WavefrontError('INVALID_CONFIG', `${source}${field ? `.${field}` : ''}: ${message}${unknownKeys}`, {
    cause: error,
    details: { field: issue?.code === 'unrecognized_keys' ? [...path, ...issue.keys].join('.') : field, source },
  });
}
