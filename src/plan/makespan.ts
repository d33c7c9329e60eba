import type { InstanceAssignment, PlannedTask } from '../model/plan.js';
import { runSimulation } from '../schedule/simulate.js';

/** Makespan of planned tasks on their instances under `mode`, on a virtual clock over estimates. */
export function estimateMakespan(draft: { readonly tasks: readonly PlannedTask[]; readonly instances: readonly InstanceAssignment[] }, mode: 'dynamic' | 'waves'): number {
  return runSimulation({
    tasks: draft.tasks.map((task) => ({
      id: task.id,
      dependsOn: task.dependsOn,
      estimate: task.estimateMinutes,
      critical: task.critical,
      wave: task.wave,
      instance: task.instance,
      role: task.role,
    })),
    instances: draft.instances.map((instance) => ({ id: instance.id, role: instance.role })),
    mode,
  }).makespanMinutes;
}
