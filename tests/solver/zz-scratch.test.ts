import { test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { solve } from '../../src/solver/index.js';
import { whatIf, describeChanges } from '../../src/solver/whatif.js';
import { check } from '../../src/checker/index.js';
test('scratch', () => {
const inst = JSON.parse(readFileSync('examples/longhutang.json', 'utf8'));
const sched = solve(inst, { seed: 1, timeLimit: 3 }).schedule;
writeFileSync('/tmp/lht.schedule.json', JSON.stringify(sched, null, 2));
console.log('base', JSON.stringify(check(inst, sched).violations.slice(0, 3)));
const ids = inst.staff.map((s: any) => s.id);
const dates = sched.semester!.map((d: any) => d.date);
let bad = 0;
for (let k = 0; k < 25; k++) {
  const staff = ids[(k * 37) % ids.length];
  const i = (k * 13) % dates.length;
  const leave = [{ staff, from: dates[i], to: dates[Math.min(dates.length - 1, i + (k % 7))] }, { staff: ['l01','l02','l03','l04'][k % 4], from: dates[(i + 3) % dates.length], to: dates[(i + 3) % dates.length] }];
  const r = whatIf(inst, sched, leave);
  const c = check({ ...inst, leave: [...inst.leave, ...leave] }, r.schedule);
  if (c.violations.length) { bad++; console.log(JSON.stringify(leave), JSON.stringify(c.violations.slice(0, 3))); }
}
console.log('bad', bad);
const lv = [{ staff: 't010', from: '2026-08-01', to: '2027-02-01' }, { staff: 'l03', from: '2026-08-01', to: '2027-02-01' }];
const r = whatIf(inst, sched, lv);
const c = check({ ...inst, leave: [...inst.leave, ...lv] }, r.schedule);
console.log(r.mode, r.changes.length, r.planMs, JSON.stringify(c.violations.slice(0, 5)));
console.log(describeChanges(inst, r.schedule.week, r.changes, r.mode).slice(0, 12).join('\n'));
console.log(JSON.stringify((r.schedule.report as any).semester.inspectionCounts));
});
