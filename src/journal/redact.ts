/**
 * Secret redaction at the journal/checkpoint boundary: exact values of secret-named environment
 * variables and well-known token shapes are replaced by `[REDACTED]` before anything is persisted.
 * @module
 */

/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Environment variable names whose values are treated as secrets. */
export const SECRET_ENV_NAME: RegExp = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)/i;

// Names that match SECRET_ENV_NAME but hold paths or sockets, not secrets (redacting them would mangle cwd-like text).
const NOT_SECRET_NAME = /^(SSH_AUTH_SOCK|XAUTHORITY)$|_(FILE|PATH|DIR|SOCK)$/i;

/** Shortest env value treated as a secret: shorter values ("true", "1") would redact ordinary text. */
export const MIN_SECRET_LENGTH = 8;

const MAX_DEPTH = 64;

// Each pattern replaces the whole match, or only group 2 when the pattern has a prefix group 1.
const TOKEN_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  /\bsk-ant-[A-Za-z0-9_-]{16,}/g,
  /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[bapors]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{16,}=*)/g,
  /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(?=@)/gi,
  /([?&;](?:password|passwd|pwd|token|access_token|api_key|apikey|secret|client_secret)=)([^&\s#"']+)/gi,
  /\b([A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)[A-Z0-9_]*\s*[=:]\s*["']?)([^\s"']{8,})/g,
];

/** The secret values found in `env`: values (>= 8 chars) of variables whose name matches {@link SECRET_ENV_NAME}, longest first. */
export function secretValuesFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const values = new Set<string>();
  if (typeof env !== 'object' || env === null) return [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_ENV_NAME.test(name) && !NOT_SECRET_NAME.test(name)) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Replaces secrets inside one string: the given exact values first, then the token shapes. */
export function redactString(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const pattern of TOKEN_PATTERNS) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, (match: string, prefix: unknown, secret: unknown) =>
      typeof prefix === 'string' && typeof secret === 'string' ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** A function that deep-copies a value with secrets redacted (see {@link redactSecrets}). */
export type Redactor = (value: unknown) => unknown;

/**
 * Builds a redactor for `env` once (the env scan is done here, not per call). The redactor
 * deep-copies JSON-like values: strings (and object keys) are redacted, `bigint` becomes a string,
 * objects with `toJSON` (Date, errors of wavefront) are converted first, other errors become
 * `{ name, message }`, functions and symbols are dropped, cycles become `"[Circular]"`, nesting
 * beyond 64 levels becomes `"[Truncated]"`. It never throws.
 */
export function createRedactor(env: Readonly<Record<string, string | undefined>> = process.env): Redactor {
  let secrets: string[];
  try {
    secrets = secretValuesFromEnv(env);
  } catch {
    secrets = [];
  }
  const copy = (value: unknown, ancestors: object[]): unknown => {
    switch (typeof value) {
      case 'string':
        return redactString(value, secrets);
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return redactString(value.toString(), secrets);
      case 'function':
      case 'symbol':
        return undefined;
      default:
        break;
    }
    if (value === null) return null;
    const object = value as object;
    if (ancestors.includes(object)) return '[Circular]';
    if (ancestors.length >= MAX_DEPTH) return '[Truncated]';
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      let converted: unknown = object;
      try {
        converted = toJSON.call(object);
      } catch {
        // fall back to copying own properties
      }
      if (converted !== object) return copy(converted, [...ancestors, object]);
    }
    const next = [...ancestors, object];
    if (Array.isArray(object)) return object.map((item) => copy(item, next) ?? null);
    if (object instanceof Error) return { name: copy(object.name, next), message: copy(object.message, next) };
    if (object instanceof Map) return copy(Object.fromEntries(object), ancestors);
    if (object instanceof Set) return copy([...object], ancestors);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch {
        item = '[Unreadable]';
      }
      const copied = copy(item, next);
      if (copied !== undefined) out[redactString(key, secrets)] = copied;
    }
    return out;
  };
  return (value: unknown): unknown => {
    try {
      return copy(value, []);
    } catch {
      return '[Unserialisable]';
    }
  };
}

/**
 * Deep-copies a JSON-like value, replacing secrets with `[REDACTED]`: the values of environment
 * variables named like `*KEY*`, `*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*PASSWD*`, `*CREDENTIAL*`,
 * `*AUTH*` (at least 8 characters) wherever they occur inside strings, and well-known token shapes
 * (`sk-…`, `sk-ant-…`, `ghp_…`/`gho_…`/`github_pat_…`, `xoxb-…`, `AKIA…`, `Bearer <token>`, PEM private
 * key blocks, `scheme://user:password@host`, `?password=`/`?token=` query values, `NAME_KEY=value`
 * assignments). Never throws.
 *
 * For many values with one environment, build a {@link createRedactor} once instead.
 */
export function redactSecrets(value: unknown, env: Readonly<Record<string, string | undefined>> = process.env): unknown {
  return createRedactor(env)(value);
}
