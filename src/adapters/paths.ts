/**
 * Paths an agent reports, made relative to the task's working directory.
 * @module
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * `path` relative to `cwd` with `/` separators when it lies inside `cwd`; otherwise the absolute
 * path (so a write outside the work tree stays visible as such).
 */
export function relativeToCwd(cwd: string, path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  const inside = relative(cwd, absolute);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return absolute;
  return inside.split(sep).join('/');
}
