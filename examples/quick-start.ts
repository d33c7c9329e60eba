// examples/quick-start.ts
import { plan, simulate } from 'wavefront';

const result = await plan('Add a "last_login_at" timestamp column to the users table and update the login endpoint to set it on each successful login.');

console.log(result.pattern.id); // 'database-migration'
for (const wave of result.waves) {
  console.log(`Wave ${wave.index}: ${wave.name}${wave.critical ? ' (critical, runs alone)' : ''}`);
}
console.log(`${result.estimate.parallelMinutes} min instead of ${result.estimate.sequentialMinutes} min sequential`);
console.log(`barrier waves would take ${simulate(result, { mode: 'waves' }).makespanMinutes} min`);
