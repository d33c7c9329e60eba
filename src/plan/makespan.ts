import type { InstanceAssignment, PlannedTask } from '../model/plan.js';
import { runSimulation } from '../schedule/simulate.js';
import { searchPriorities } from '../schedule/search-priorities.js';

/** Makespan of planned tasks on their instances under `mode`, on a virtual clock over estimates. */
export function estimateMakespan(draft: { readonly tasks: readonly PlannedTask[]; readonly instances: readonly InstanceAssignment[] }, mode: 'dynamic' | 'waves'): number {
  const tasks = draft.tasks.map((task) => ({
      id: task.id,
      dependsOn: task.dependsOn,
      estimate: task.estimateMinutes,
      critical: task.critical,
      wave: task.wave,
      instance: task.instance,
      role: task.role,
      touches: task.touches,
    }));
  const instances = draft.instances.map((instance) => ({ id: instance.id, role: instance.role }));
  const priority = mode === 'dynamic' ? searchPriorities(tasks, instances) : undefined;
  return runSimulation({ tasks, instances, mode, priority }).makespanMinutes;
}
