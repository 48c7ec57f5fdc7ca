// Minimal weekday × block timetables (by class, by teacher) for 查看, built from an instance and its schedule
// with names, not ids. Stand-in until the office formats' views (src/office) are on main; then replaced by them.
import type { Instance, Schedule, WeekdayName } from '../model/schema.js';

export const WEEKDAY_ZH: Readonly<Record<WeekdayName, string>> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };
const ORDER: readonly WeekdayName[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const KIND_ZH: Readonly<Record<string, string>> = { study: '作业辅导', club: '社团活动', reading: '阅读', break: '休息' };
const DIGITS = '零一二三四五六七八九';

/** "1-2" → 一（2）班; other ids as they are. */
export function className(id: string): string {
  const m = /^(\d)-(\d+)$/.exec(id);
  return m ? `${DIGITS[Number(m[1])]}（${m[2]}）班` : id;
}

export type Cell = { readonly lines: readonly string[] };
export type Grid = {
  readonly title: string;
  readonly days: readonly string[];
  /** one row per time slot: its label and one cell per day */
  readonly rows: readonly { readonly time: string; readonly cells: readonly Cell[] }[];
};

export type Names = { readonly staff: (id: string | null) => string; readonly room: (id: string | null) => string; readonly club: (id: string) => string };

export function namesOf(instance: Instance): Names {
  const staff = new Map(instance.staff.map((s) => [s.id, s.name] as const));
  const rooms = new Map(instance.rooms.map((r) => [r.id, r.name ?? r.id] as const));
  const clubs = new Map((instance.clubs ?? []).map((c) => [c.id, c.name] as const));
  return {
    staff: (id) => (id === null ? '（缺人）' : (staff.get(id) ?? id)),
    room: (id) => (id === null ? '（无教室）' : (rooms.get(id) ?? id)),
    club: (id) => clubs.get(id) ?? id,
  };
}

const serviceDays = (instance: Instance): WeekdayName[] => ORDER.filter((d) => instance.calendar.serviceWeekdays.includes(d));

/** The class's afternoon: each block of its timeline × service weekdays (activity, room, teacher). */
export function classGrid(instance: Instance, schedule: Schedule, classId: string): Grid | null {
  const cls = instance.classes.find((c) => c.id === classId);
  if (!cls) return null;
  const n = namesOf(instance);
  const timeline = instance.timelines.find((t) => t.grades.includes(cls.grade));
  const days = serviceDays(instance);
  if (!timeline) return { title: className(classId), days: days.map((d) => WEEKDAY_ZH[d]), rows: [] };
  const rows = timeline.blocks.map((b, i) => ({
    time: `${b.start}–${b.end}`,
    cells: days.map((d) => {
      const g = schedule.week.groups.find((x) => x.day === d && x.classes.includes(classId));
      if (!g) return { lines: ['—'] };
      const lines = [KIND_ZH[b.kind] ?? b.kind, n.room(g.room), n.staff(g.cover[i] ?? null)];
      if (b.kind === 'club') {
        const clubs = schedule.week.clubs.filter((c) => c.days.includes(d) && c.students.some((s) => g.students.includes(s))).map((c) => n.club(c.club));
        if (clubs.length > 0) lines.push(`校级社团：${clubs.join('、')}`);
      }
      return { lines };
    }),
  }));
  return { title: className(classId), days: days.map((d) => WEEKDAY_ZH[d]), rows };
}

/** A staff member's week: every duty by weekday and time (groups, clubs, late pickup). */
export function teacherGrid(instance: Instance, schedule: Schedule, staffId: string): Grid | null {
  const person = instance.staff.find((s) => s.id === staffId);
  if (!person) return null;
  const n = namesOf(instance);
  const days = serviceDays(instance);
  type Entry = { day: WeekdayName; start: string; end: string; text: string[] };
  const entries: Entry[] = [];
  for (const g of schedule.week.groups) {
    const tl = instance.timelines.find((t) => t.id === g.timeline);
    g.cover.forEach((who, i) => {
      if (who !== staffId || !tl) return;
      const b = tl.blocks[i];
      entries.push({ day: g.day, start: b.start, end: b.end, text: [KIND_ZH[b.kind] ?? b.kind, g.classes.map(className).join('、'), n.room(g.room)] });
    });
  }
  for (const c of schedule.week.clubs) {
    if (c.staff !== staffId) continue;
    const club = (instance.clubs ?? []).find((x) => x.id === c.club);
    const tl = instance.timelines.find((t) => club?.grades.some((gr) => t.grades.includes(gr)));
    const b = tl?.blocks.find((x) => x.kind === 'club');
    for (const d of c.days) entries.push({ day: d, start: b?.start ?? '', end: b?.end ?? '', text: [`社团：${n.club(c.club)}`, n.room(c.room), `${c.students.length} 人`] });
  }
  for (const duty of schedule.week.duties) if (duty.staff === staffId) entries.push({ day: duty.day, start: '延时', end: '', text: ['延时接送', duty.place ?? ''] });
  const times = [...new Set(entries.map((e) => `${e.start}|${e.end}`))].sort();
  const rows = times.map((t) => {
    const [start, end] = t.split('|');
    return {
      time: end ? `${start}–${end}` : start,
      cells: days.map((d) => {
        const here = entries.filter((e) => e.day === d && e.start === start && e.end === end);
        return { lines: here.length === 0 ? ['—'] : here.flatMap((e) => e.text.filter(Boolean)) };
      }),
    };
  });
  return { title: person.name, days: days.map((d) => WEEKDAY_ZH[d]), rows };
}
