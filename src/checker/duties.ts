// The weekly template's duties (group blocks, club sessions, late-pickup duties) with their times and
// holders: the checker's own enumeration, used by P5 P8 and the semester rules.
import { clubDuty, groupBlockDuty, latePickupDuty } from '../model/duty-keys.js';
import type { Club, WeekdayName } from '../model/schema.js';
import { clubInterval as ctxClubInterval, pointer, type CheckContext } from './context.js';
import type { Interval } from './time.js';
import type { DutyKind } from './eligibility.js';

export type TemplateDuty = {
  /** stable key: `group:<groupIndex>:<block>`, `club:<clubIndex>@<day>`, `pickup:<dutyIndex>` */
  readonly key: string;
  readonly kind: DutyKind;
  readonly day: WeekdayName;
  readonly interval: Interval;
  readonly holder: string | null;
  /** JSON Pointer of the holder field in the schedule */
  readonly path: string;
  /** the duty string used in shortfalls (docs/decisions.md "Duty strings") */
  readonly label: string;
  /** Chinese description for messages */
  readonly zh: string;
  readonly club?: Club;
};

export type TemplateDuties = {
  readonly all: readonly TemplateDuty[];
  readonly byKey: ReadonlyMap<string, TemplateDuty>;
  /** weekday → duties on that weekday's timetable */
  readonly byDay: ReadonlyMap<WeekdayName, readonly TemplateDuty[]>;
  /** weekday → staff id → that person's duties on that weekday */
  readonly byDayStaff: ReadonlyMap<WeekdayName, ReadonlyMap<string, readonly TemplateDuty[]>>;
};

export function templateDuties(ctx: CheckContext): TemplateDuties {
  const all: TemplateDuty[] = [];
  const week = ctx.schedule.week;
  week.groups.forEach((g, gi) => {
    const t = ctx.timelines.get(g.timeline);
    if (!t) return;
    g.cover.forEach((holder, b) => {
      const interval = t.blocks[b];
      if (!interval) return;
      all.push({
        key: `group:${gi}:${b}`,
        kind: 'block',
        day: g.day,
        interval,
        holder,
        path: pointer('week', 'groups', gi, 'cover', b),
        label: groupBlockDuty(g.id, b),
        zh: `组 ${g.id} 第 ${b + 1} 时段`,
      });
    });
  });
  week.clubs.forEach((c, ci) => {
    const club = ctx.clubs.get(c.club);
    if (!club || club.level !== 'school') return;
    const t = ctxClubInterval(ctx, club);
    if (!t) return;
    for (const day of new Set(c.days)) {
      all.push({
        key: `club:${ci}@${day}`,
        kind: 'club',
        day,
        interval: t,
        holder: c.staff,
        path: pointer('week', 'clubs', ci, 'staff'),
        label: clubDuty(c.club),
        zh: `社团「${club.name}」`,
        club,
      });
    }
  });
  const ordinal = new Map<WeekdayName, number>();
  week.duties.forEach((d, di) => {
    const n = (ordinal.get(d.day) ?? 0) + 1;
    ordinal.set(d.day, n);
    all.push({
      key: `pickup:${di}`,
      kind: 'latePickup',
      day: d.day,
      interval: ctx.latePickup,
      holder: d.staff,
      path: pointer('week', 'duties', di, 'staff'),
      label: latePickupDuty(d.day, n),
      zh: `延时接送值班（第 ${n} 岗）`,
    });
  });
  const byKey = new Map(all.map((d) => [d.key, d]));
  const byDay = new Map<WeekdayName, TemplateDuty[]>();
  for (const d of all) {
    const list = byDay.get(d.day);
    if (list) list.push(d);
    else byDay.set(d.day, [d]);
  }
  const byDayStaff = new Map<WeekdayName, Map<string, TemplateDuty[]>>();
  for (const d of all) {
    if (d.holder === null) continue;
    let day = byDayStaff.get(d.day);
    if (!day) byDayStaff.set(d.day, (day = new Map()));
    const list = day.get(d.holder);
    if (list) list.push(d);
    else day.set(d.holder, [d]);
  }
  return { all, byKey, byDay, byDayStaff };
}

/** Pairs of overlapping intervals in a list: each item reported once against an earlier overlapping one. */
export function overlappingPairs<T extends { readonly interval: Interval }>(items: readonly T[]): [T, T][] {
  const sorted = [...items].sort((a, b) => a.interval.start - b.interval.start || a.interval.end - b.interval.end);
  const out: [T, T][] = [];
  let reach: T | undefined;
  for (const cur of sorted) {
    if (reach && cur.interval.start < reach.interval.end && cur.interval.end > cur.interval.start) out.push([reach, cur]);
    if (!reach || cur.interval.end > reach.interval.end) reach = cur;
  }
  return out;
}
