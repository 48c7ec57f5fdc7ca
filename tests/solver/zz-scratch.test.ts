import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { planSemester, semesterReport } from '../../src/solver/semester.js';
import { compileTemplate } from '../../src/solver/substitute.js';
import { whatIf } from '../../src/solver/whatif.js';
import { check } from '../../src/checker/index.js';
test('scratch', () => {
const inst = JSON.parse(readFileSync('examples/longhutang.json', 'utf8'));
const sched = JSON.parse(readFileSync('/tmp/lht.schedule.json', 'utf8'));
for (let k = 0; k < 3; k++) {
let t0 = performance.now();
const tpl = compileTemplate(inst, sched.week);
console.log('compile', performance.now() - t0);
t0 = performance.now();
const r = planSemester(inst, sched.week, { seed: 1 });
console.log('plan', performance.now() - t0);
t0 = performance.now();
semesterReport(inst, sched.week, r.semester, tpl);
console.log('report', performance.now() - t0);
t0 = performance.now();
const w = whatIf(inst, sched, [{ staff: 't010', from: '2026-10-12', to: '2026-10-16' }]);
console.log('whatif', performance.now() - t0, w.planMs, w.changes.length);
}
});
