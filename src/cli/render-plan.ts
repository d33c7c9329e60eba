/**
 * The seed-style plan analysis printed by `wavefront plan`.
 * @module
 */
import type { Plan } from '../model/plan.js';
import { simulate } from '../schedule/simulate.js';

const LEVEL_LABEL = { small: 'Small', medium: 'Medium', large: 'Large', complex: 'Complex' } as const;

/** Renders a plan as the seed's "System Analysis" text. Pure. */
export function renderPlanText(plan: Plan): string {
  const out: string[] = [];
  const work = plan.tasks.filter((task) => task.kind !== 'backup' && task.kind !== 'commit');
  const critical = plan.tasks.filter((task) => task.critical);
  const number = new Map(plan.tasks.map((task, i) => [task.id, i + 1]));
  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  out.push(`PATTERN DETECTED: ${plan.pattern.label}${plan.pattern.matched.length > 0 ? ` (${plan.pattern.matched.join(', ')})` : ''}`);
  out.push(`COMPLEXITY: ${LEVEL_LABEL[plan.complexity.level]} (${plan.complexity.subtaskCount} subtasks identified)`);
  out.push(
    critical.length === 0
      ? 'CRITICAL OPERATIONS: None detected'
      : `CRITICAL OPERATIONS: ${critical.length} detected (${critical.map((task) => `${task.title} [${task.criticalReasons.join(', ')}]`).join('; ')})`,
  );
  out.push('', 'SUBTASK BREAKDOWN:');
  for (const task of plan.tasks) out.push(`${String(number.get(task.id)).padStart(3)}. ${task.title}${task.critical ? ' ⚠ CRITICAL' : ''}  [${task.id}]`);
  out.push('', 'DEPENDENCY GRAPH:');
  for (const task of plan.tasks) {
    if (task.dependsOn.length === 0) continue;
    out.push(`  ${task.dependsOn.map((dep) => number.get(dep)).join(',')} → ${number.get(task.id)}`);
  }
  out.push('', 'WAVE STRUCTURE:', '');
  for (const wave of plan.waves) {
    const instances = [...new Set(wave.taskIds.map((id) => byId.get(id)?.instance ?? '?'))];
    const kind = wave.critical ? ' SEQUENTIAL ⚠' : wave.taskIds.length > 1 ? ' - parallel' : '';
    out.push(`Wave ${wave.index}: ${wave.name} (${instances.join(', ')}${kind}) - ${wave.estimateMinutes}min`);
    wave.taskIds.forEach((id, i) => {
      const task = byId.get(id);
      const branch = i === wave.taskIds.length - 1 ? '└─' : '├─';
      out.push(`  ${branch} ${task?.instance ?? '?'}: ${task?.title ?? id}`);
    });
  }
  const work15 = plan.instances.map((instance) => instance.id).join(', ');
  out.push('');
  out.push(`INSTANCES USED: ${plan.instances.length} of 15 (${work15})`);
  out.push(`TOTAL WAVES: ${plan.waves.length}`);
  out.push(`ESTIMATED TIME: ${plan.estimate.parallelMinutes} minutes (${plan.settings.mode}${barrierNote(plan)})`);
  out.push(`SEQUENTIAL TIME: ${plan.estimate.sequentialMinutes} minutes`);
  out.push(`CRITICAL PATH: ${plan.estimate.criticalPathMinutes} minutes`);
  out.push(`EFFICIENCY: ${plan.estimate.savedPercent}% faster`);
  const conflicts = plan.conflicts ?? [];
  if (conflicts.length > 0) {
    out.push(`WRITE CONFLICTS AVOIDED: ${conflicts.length} (never run at the same time)`);
    for (const c of conflicts.slice(0, 20)) out.push(`  ${c.a} ↔ ${c.b} (${c.paths.join(', ')})`);
    if (conflicts.length > 20) out.push(`  ... and ${conflicts.length - 20} more`);
  }
  const gluePass = plan.gluePass ?? [];
  if (gluePass.length > 0) {
    out.push(`GLUE PASS: ${gluePass.length} task${gluePass.length === 1 ? '' : 's'} edit shared files, one at a time`);
    for (const entry of gluePass.slice(0, 20)) {
      const own = entry.requestedBy.length === 1 && entry.requestedBy[0] === entry.taskId;
      out.push(`  ${entry.taskId}: ${entry.files.join(', ')}${own ? '' : ` (for ${entry.requestedBy.join(', ')})`}`);
    }
    if (gluePass.length > 20) out.push(`  ... and ${gluePass.length - 20} more`);
  }
  for (const warning of plan.warnings) out.push(`WARNING: ${warning}`);
  if (work.length === 0) out.push('WARNING: the plan has no work tasks');
  return `${out.join('\n')}\n`;
}

/** Above this many tasks the plan text skips the extra barrier-waves simulation. */
const SIMULATE_WAVES_UP_TO = 5_000;

/**
 * The barrier-waves comparison: simulated on the same instances (and write-set locks) as the
 * estimate, so the two figures are comparable; the seed's formula (sum of each wave's longest task)
 * ignores both and is shown only when the simulation is skipped.
 */
function barrierNote(plan: Plan): string {
  if (plan.settings.mode === 'waves') return '';
  if (plan.tasks.length > SIMULATE_WAVES_UP_TO) return `; barrier waves by the seed's formula: ${plan.estimate.wavesMinutes} minutes`;
  return `; barrier waves on the same instances: ${simulate(plan, { mode: 'waves' }).makespanMinutes} minutes`;
}
