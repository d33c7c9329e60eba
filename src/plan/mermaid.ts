/**
 * Mermaid flowchart of a plan: one subgraph per wave, edges for dependencies.
 * @module
 */
import type { Plan } from '../model/plan.js';

/**
 * Renders the plan's DAG as a Mermaid `flowchart TD`, waves as subgraphs, critical tasks styled.
 * Node ids are `t0`, `t1`... so any task id is safe; titles are escaped.
 */
export function toMermaid(plan: Plan): string {
  const node = new Map(plan.tasks.map((task, i) => [task.id, `t${i}`]));
  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  const lines = ['flowchart TD'];
  for (const wave of plan.waves) {
    lines.push(`  subgraph w${wave.index}["Wave ${wave.index}: ${escapeLabel(wave.name)}"]`);
    for (const id of wave.taskIds) {
      const task = byId.get(id);
      if (!task) continue;
      const label = `${escapeLabel(task.title)}<br/><small>${task.instance}${task.critical ? ' ⚠ critical' : ''}</small>`;
      lines.push(`    ${node.get(id)}["${label}"]`);
    }
    lines.push('  end');
  }
  for (const task of plan.tasks) for (const dep of task.dependsOn) lines.push(`  ${node.get(dep)} --> ${node.get(task.id)}`);
  const critical = plan.tasks.filter((task) => task.critical).map((task) => node.get(task.id));
  if (critical.length > 0) {
    lines.push('  classDef critical fill:#fde2e1,stroke:#c0392b,stroke-width:2px');
    lines.push(`  class ${critical.join(',')} critical`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeLabel(text: string): string {
  return text.replace(/["<>&#]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}
