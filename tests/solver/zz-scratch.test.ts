import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { solve } from '../../src/solver/index.js';
import { check } from '../../src/checker/index.js';
test('scratch', () => {
const inst = JSON.parse(readFileSync('examples/small.json', 'utf8'));
console.log(inst.staff.length, inst.students.length, inst.calendar, JSON.stringify(inst.leave), inst.staff.filter((s: any) => s.roles.includes('leader')).map((s: any) => s.id + ':' + (s.inspectionDays ?? '')));
const t0 = performance.now();
const r = solve(inst, { seed: 1, timeLimit: 1 });
console.log('solve', performance.now() - t0, r.status, (r.schedule.report as any).timingsMs);
const c = check(inst, r.schedule);
console.log(JSON.stringify(c.violations.slice(0, 20), null, 1), c.violations.length, c.shortfalls.length);
console.log(JSON.stringify((r.schedule.report as any).semester.inspectionCounts));
});
