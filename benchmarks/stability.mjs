// Numbers for issue 11 ("plans a school can live with"), on examples/longhutang.json:
//   node benchmarks/stability.mjs [DIST]     (DIST: a built dist/ folder, default ./dist; run it on an older
//                                             build to get the "before" column)
// 1. a long leave (the homeroom teacher of 1-10, 2026-11-16 .. 2027-01-22) through what-if: distinct substitutes
//    per duty (mean, max) and in all; 2. each leader's inspection weekdays; 3. (new builds only) changes made by
//    solve --keep vs a fresh solve after each kind of mid-term change.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { solve } = await load('solver/index.js');
const { whatIf } = await load('solver/semester/whatif.js');
const instance = JSON.parse(readFileSync(new URL('../examples/longhutang.json', import.meta.url), 'utf8'));
const options = { seed: 1, timeLimit: 5 };
const base = solve(instance, options).schedule;

// 1. a long leave
const cls = instance.classes.find((c) => c.id === '1-10');
const staff = cls.homeroom;
const leave = [{ staff, from: '2026-11-16', to: '2027-01-22' }];
const r = whatIf(instance, base, leave, { seed: 1 });
const perDuty = new Map();
for (const day of r.schedule.semester) {
  if (day.date < leave[0].from || day.date > leave[0].to) continue;
  for (const e of day.substitutions) {
    if (e.from !== staff) continue;
    const key = `${day.as}|${'group' in e ? `${e.group}#${e.block}` : 'club' in e ? e.club : 'pickup'}`;
    if (!perDuty.has(key)) perDuty.set(key, new Set());
    if (e.to !== null) perDuty.get(key).add(e.to);
  }
}
const sizes = [...perDuty.values()].map((s) => s.size);
const everyone = new Set([...perDuty.values()].flatMap((s) => [...s]));
console.log(
  JSON.stringify({
    leave: { staff, from: leave[0].from, to: leave[0].to },
    changes: r.changes.length,
    duties: perDuty.size,
    distinctPerDutyMean: Math.round((sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length)) * 100) / 100,
    distinctPerDutyMax: Math.max(0, ...sizes),
    distinctInAll: everyone.size,
  }),
);

// 2. inspection weekdays per leader
const weekdays = {};
for (const day of base.semester) for (const id of day.inspection) if (id) ((weekdays[id] ??= {})[day.as] = (weekdays[id]?.[day.as] ?? 0) + 1);
console.log(JSON.stringify({ inspectionWeekdays: weekdays }));
// the same school without its weekday pins: does each leader still get a weekly pattern?
const unpinned = { ...instance, staff: instance.staff.map(({ inspectionDays: _pins, ...s }) => s) };
const free = solve(unpinned, options).schedule;
const freeDays = {};
for (const day of free.semester) for (const id of day.inspection) if (id) ((freeDays[id] ??= {})[day.as] = (freeDays[id]?.[day.as] ?? 0) + 1);
console.log(JSON.stringify({ unpinnedInspectionWeekdays: freeDays }));

// 3. keep vs fresh
let keepApi;
try {
  keepApi = await load('solver/keep/index.js');
} catch {
  process.exit(0);
}
const { diffSchedules, countChanges } = keepApi;
const changes = {
  'student joins': (i) => ({ ...i, students: [...i.students, { ...i.students[0], id: 's-new', name: '新同学' }] }),
  'room closed': (i) => {
    const used = base.week.clubs.find((c) => c.room && i.rooms.filter((x) => x.kind === i.rooms.find((y) => y.id === c.room).kind).length > 1);
    return { ...i, rooms: i.rooms.filter((x) => x.id !== used.room) };
  },
  'club added': (i) => {
    let n = 0;
    const students = i.students.map((s) => {
      const g = i.classes.find((c) => c.id === s.class).grade;
      if ((g === 3 || g === 4) && n < 20 && s.days.length === 5) {
        n++;
        return { ...s, prefs: ['robot', ...(s.prefs ?? [])] };
      }
      return s;
    });
    return { ...i, clubs: [...i.clubs, { id: 'robot', name: '机器人', level: 'school', grades: [3, 4], min: 5, max: 30, sessionsPerWeek: 1, roomKinds: ['computer'] }], students };
  },
  'teacher weekday removed': (i) => {
    const tue = new Map();
    for (const g of base.week.groups) if (g.day === 'tue') for (const h of g.cover) if (h) tue.set(h, (tue.get(h) ?? 0) + 1);
    const t = [...tue].sort((a, b) => b[1] - a[1])[0][0];
    return { ...i, staff: i.staff.map((s) => (s.id === t ? { ...s, unavailable: [...(s.unavailable ?? []), 'tue'] } : s)) };
  },
};
for (const [what, change] of Object.entries(changes)) {
  const changed = change(instance);
  const fresh = countChanges(diffSchedules(changed, base, solve(changed, options).schedule));
  const kept = solve(changed, { ...options, keep: base }).schedule.report.keep.counts;
  console.log(JSON.stringify({ change: what, kept: kept.total, fresh: fresh.total, keptByKind: kept, freshByKind: fresh }));
}
