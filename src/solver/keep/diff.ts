// What changed between two schedules of one school, assignment by assignment, in the office's words: a student's
// group on a weekday or their club, a group's or club's room, a club's leader or days, who covers a group block or
// late pickup, a date's inspectors and substitutes. Used by `--keep` (re-planning that keeps the plan) to list and
// count every change, and by tests to compare a kept plan with a fresh one.
import type { Instance, Schedule, SemesterDay, Substitution } from '../../model/schema.js';

export type ChangeKind = 'studentGroup' | 'studentClub' | 'groupRoom' | 'clubRoom' | 'clubLeader' | 'clubDays' | 'cover' | 'latePickup' | 'inspection' | 'substitute';

/** One changed assignment: what (a stable English key), from → to, and a Chinese line for a person. */
export type PlanChange = { readonly kind: ChangeKind; readonly key: string; readonly from: string | null; readonly to: string | null; readonly text: string };

const DAY_ZH: Record<string, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

const subKey = (s: Substitution): string => ('group' in s ? `group ${s.group} block ${s.block}` : 'club' in s ? `club ${s.club}` : `latePickup ${s.from ?? ''}`);

/** Every changed assignment from `before` to `after` (both schedules of `instance`), in a stable order. */
export function diffSchedules(instance: Instance, before: Schedule, after: Schedule): PlanChange[] {
  const staffName = new Map(instance.staff.map((s) => [s.id, s.name] as const));
  const studentName = new Map(instance.students.map((s) => [s.id, s.name ?? s.id] as const));
  const clubName = new Map((instance.clubs ?? []).map((c) => [c.id, c.name] as const));
  const roomName = new Map(instance.rooms.map((r) => [r.id, r.name ?? r.id] as const));
  const person = (id: string | null): string => (id === null ? '（无人）' : staffName.has(id) ? `${staffName.get(id)}（${id}）` : id);
  const out: PlanChange[] = [];
  const add = (kind: ChangeKind, key: string, from: string | null, to: string | null, text: string): void => {
    out.push({ kind, key, from, to, text });
  };

  // students' groups, per weekday
  const groupOf = (s: Schedule): Map<string, string> => {
    const m = new Map<string, string>();
    for (const g of s.week.groups) for (const st of g.students) m.set(`${st}|${g.day}`, g.id);
    return m;
  };
  const g0 = groupOf(before);
  const g1 = groupOf(after);
  for (const [k, to] of g1) {
    const from = g0.get(k);
    if (from === undefined || from === to) continue;
    const [st, day] = k.split('|');
    add('studentGroup', `student ${st} ${day}`, from, to, `学生 ${studentName.get(st) ?? st}（${st}）${DAY_ZH[day] ?? day}：${from} 组 → ${to} 组`);
  }
  // students' clubs
  const clubsOf = (s: Schedule): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const c of s.week.clubs) for (const st of c.students) m.set(st, [...(m.get(st) ?? []), c.club].sort());
    return m;
  };
  const c0 = clubsOf(before);
  const c1 = clubsOf(after);
  const known = new Set(instance.students.map((s) => s.id));
  for (const st of new Set([...c0.keys(), ...c1.keys()])) {
    if (!known.has(st)) continue; // a student who left: nothing to tell
    const a = (c0.get(st) ?? []).join(',');
    const b = (c1.get(st) ?? []).join(',');
    if (a === b) continue;
    const names = (x: string): string => (x === '' ? '（无社团）' : x.split(',').map((c) => clubName.get(c) ?? c).join('、'));
    add('studentClub', `student ${st} club`, a || null, b || null, `学生 ${studentName.get(st) ?? st}（${st}）社团：${names(a)} → ${names(b)}`);
  }
  // groups: room and cover
  const groups0 = new Map(before.week.groups.map((g) => [g.id, g] as const));
  for (const g of after.week.groups) {
    const p = groups0.get(g.id);
    if (!p) continue;
    if (p.room !== g.room) {
      add('groupRoom', `group ${g.id} room`, p.room, g.room, `${g.id} 组教室：${p.room === null ? '（无）' : roomName.get(p.room) ?? p.room} → ${g.room === null ? '（无）' : roomName.get(g.room) ?? g.room}`);
    }
    g.cover.forEach((h, i) => {
      if (i >= p.cover.length || p.cover[i] === h) return;
      add('cover', `group ${g.id} block ${i}`, p.cover[i], h, `${g.id} 组第${i + 1}段：${person(p.cover[i])} → ${person(h)}`);
    });
  }
  // clubs: room, leader, days
  const clubs0 = new Map(before.week.clubs.map((c) => [c.club, c] as const));
  for (const c of after.week.clubs) {
    const p = clubs0.get(c.club);
    if (!p) continue;
    const name = clubName.get(c.club) ?? c.club;
    if (p.room !== c.room) add('clubRoom', `club ${c.club} room`, p.room, c.room, `社团「${name}」活动室：${p.room === null ? '（无）' : roomName.get(p.room) ?? p.room} → ${c.room === null ? '（无）' : roomName.get(c.room) ?? c.room}`);
    if (p.staff !== c.staff) add('clubLeader', `club ${c.club}`, p.staff, c.staff, `社团「${name}」指导教师：${person(p.staff)} → ${person(c.staff)}`);
    const d0 = [...p.days].sort().join(',');
    const d1 = [...c.days].sort().join(',');
    if (d0 !== d1) add('clubDays', `club ${c.club} days`, d0, d1, `社团「${name}」活动日：${p.days.map((d) => DAY_ZH[d]).join('、')} → ${c.days.map((d) => DAY_ZH[d]).join('、')}`);
  }
  // late pickup, per weekday and number
  const pickups = (s: Schedule): Map<string, string | null> => {
    const m = new Map<string, string | null>();
    const n = new Map<string, number>();
    for (const d of s.week.duties) {
      const k = (n.get(d.day) ?? 0) + 1;
      n.set(d.day, k);
      m.set(`latePickup ${d.day} #${k}`, d.staff);
    }
    return m;
  };
  const p0 = pickups(before);
  for (const [k, to] of pickups(after)) {
    const from = p0.get(k);
    if (from === undefined || from === to) continue;
    const [, day, n] = k.split(' ');
    add('latePickup', k, from, to, `${DAY_ZH[day] ?? day}延时接送 ${n}：${person(from)} → ${person(to)}`);
  }
  // the semester: inspectors and substitutes per date
  const dates0 = new Map((before.semester ?? []).map((d) => [d.date, d] as const));
  for (const d of after.semester ?? []) {
    const p = dates0.get(d.date);
    if (!p) continue;
    d.inspection.forEach((who, i) => {
      const was = p.inspection[i] ?? null;
      if (was === who) return;
      add('inspection', `inspection ${d.date} #${i + 1}`, was, who, `${d.date}（${DAY_ZH[d.as]}）行政巡视：${person(was)} → ${person(who)}`);
    });
    diffSubstitutions(p, d, (key, from, to) => add('substitute', `${d.date} ${key}`, from, to, `${d.date}（${DAY_ZH[d.as]}）${key.replace(/^group (\S+) block (\d+)$/, (_m, g: string, b: string) => `${g} 组第${Number(b) + 1}段`)} 代课：${person(from)} → ${person(to)}`));
  }
  return out;
}

/** Substitutes that differ on one date (an entry only in one of the two counts: from its substitute to nobody). */
function diffSubstitutions(a: SemesterDay, b: SemesterDay, add: (key: string, from: string | null, to: string | null) => void): void {
  const m0 = new Map(a.substitutions.map((s) => [subKey(s), s.to] as const));
  const m1 = new Map(b.substitutions.map((s) => [subKey(s), s.to] as const));
  for (const [k, to] of m1) {
    const from = m0.has(k) ? (m0.get(k) ?? null) : null;
    if (!m0.has(k) || from !== to) add(k, from, to);
  }
  for (const [k, from] of m0) if (!m1.has(k)) add(k, from ?? null, null);
}

/** Counts of changes by kind (every kind present, 0 when none). */
export function countChanges(changes: readonly PlanChange[]): Record<ChangeKind | 'total', number> {
  const out = { studentGroup: 0, studentClub: 0, groupRoom: 0, clubRoom: 0, clubLeader: 0, clubDays: 0, cover: 0, latePickup: 0, inspection: 0, substitute: 0, total: 0 };
  for (const c of changes) {
    out[c.kind]++;
    out.total++;
  }
  return out;
}
