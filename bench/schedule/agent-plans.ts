/**
 * Generated agent-like plans for the schedule benchmark: layered fan-out / fan-in stages
 * (analyse → parallel work → join → ...), some cross-stage edges, heavy-tailed (log-normal)
 * estimates in whole minutes, and 0–4 % critical tasks. Deterministic per seed.
 * @module
 */
import type { TaskSpec } from '../../src/model/task.js';
import { mulberry32 } from '../../src/schedule/prng.js';

/** Log-normal minutes: median 6, sigma 1, clipped to 1..240, rounded. */
function heavyTailed(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return Math.min(240, Math.max(1, Math.round(6 * Math.exp(normal))));
}

/**
 * One plan. Stages: a short chain (1–2 tasks) or a fan-out of 2–14 tasks that each wait for the
 * previous join (and sometimes for a task of the previous fan-out); a fan-out is joined by one
 * task (or left open, so that its tasks feed the next stage directly). The critical share is
 * drawn from {0, 1, 2, 3, 4} % (at least one critical task when the share is non-zero).
 */
export function agentPlan(seed: number): TaskSpec[] {
  const random = mulberry32(seed * 7919 + 13);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const tasks: TaskSpec[] = [];
  const add = (dependsOn: string[]): string => {
    const id = `s${tasks.length}`;
    tasks.push({ id, title: `step ${tasks.length}`, estimateMinutes: heavyTailed(random), dependsOn: [...new Set(dependsOn)] });
    return id;
  };
  let frontier = [add([])];
  let previousFan: string[] = [];
  const stages = 3 + Math.floor(random() * 6);
  for (let s = 0; s < stages; s++) {
    if (random() < 0.25) {
      const length = 1 + Math.floor(random() * 2);
      for (let k = 0; k < length; k++) frontier = [add(frontier)];
      previousFan = [];
      continue;
    }
    const width = 2 + Math.floor(random() * 13);
    const fan: string[] = [];
    for (let k = 0; k < width; k++) {
      const deps = [pick(frontier)];
      if (frontier.length > 1 && random() < 0.5) deps.push(pick(frontier));
      if (previousFan.length > 0 && random() < 0.2) deps.push(pick(previousFan));
      fan.push(add(deps));
    }
    previousFan = fan;
    frontier = random() < 0.75 ? [add(fan)] : fan;
  }
  if (frontier.length > 1) add(frontier);
  const share = Math.floor(random() * 5) / 100;
  const count = share === 0 ? 0 : Math.max(1, Math.round(share * tasks.length));
  const order = tasks.map((_, i) => i);
  for (let k = 0; k < count; k++) {
    const i = order.splice(Math.floor(random() * order.length), 1)[0] as number;
    tasks[i] = { ...(tasks[i] as TaskSpec), critical: true };
  }
  return tasks;
}
