// P-PIN staff pins (`staff[].pins`): 王老师 always takes 3-2 — a staff member fixed to a class's (or one group's)
// blocks on given weekdays. Each pin becomes cover wants (one per group block it names), honoured by
// `honourWants` after the cover search; a pin that cannot hold is reported with its JSON path and the reason,
// and the rest of the plan stands.
import type { Instance, WeekdayName } from '../../model/schema.js';
import { WEEKDAYS } from '../../model/schema.js';
import type { CoverDuty } from './model.js';
import type { CoverWant, UnmetWant } from './wants.js';

/** What the pins need to know of a group: its id, weekday and classes (ids), by the index CoverDuty.group uses. */
export type PinGroup = { readonly id: string; readonly day: WeekdayName; readonly classes: readonly string[]; readonly classSizes: readonly number[] };

/** One pin's outcome: its path, how many of its blocks hold, and why the others do not (Chinese). */
export type PinReport = {
  readonly path: string;
  readonly staff: string;
  readonly honoured: number;
  readonly wanted: number;
  readonly reasons: readonly string[];
};

const DAY_ZH: Record<WeekdayName, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

/** The cover wants of every pin (in staff, pin order) and, per pin, the reasons found before planning. */
export function pinWants(
  instance: Instance,
  duties: readonly CoverDuty[],
  groups: readonly PinGroup[],
): { wants: CoverWant[]; pins: { path: string; staff: string; wanted: number; reasons: string[] }[] } {
  // group index → its block duties, in block order
  const blocks = new Map<number, number[]>();
  duties.forEach((d, i) => {
    if (d.kind !== 'block' || d.group === undefined) return;
    const list = blocks.get(d.group) ?? [];
    list[d.block ?? list.length] = i;
    blocks.set(d.group, list);
  });
  const serviceDays = new Set(instance.calendar.serviceWeekdays);
  const wants: CoverWant[] = [];
  const pins: { path: string; staff: string; wanted: number; reasons: string[] }[] = [];
  instance.staff.forEach((s, si) => {
    (s.pins ?? []).forEach((pin, k) => {
      const path = `/staff/${si}/pins/${k}`;
      const reasons: string[] = [];
      let wanted = 0;
      // the group of each weekday: the named group, or the class's own group (its first piece), else the mixed
      // group holding most of its students
      const chosen: number[] = [];
      if (pin.group !== undefined) {
        const gi = groups.findIndex((g) => g.id === pin.group);
        if (gi < 0) reasons.push(`排班中没有组 ${pin.group}（组编号见排班结果 week.groups）`);
        else chosen.push(gi);
      } else if (pin.class !== undefined) {
        const days = pin.days ?? WEEKDAYS.filter((d) => serviceDays.has(d));
        for (const day of days) {
          let best = -1;
          let bestSize = -1;
          groups.forEach((g, gi) => {
            if (g.day !== day) return;
            const at = g.classes.indexOf(pin.class!);
            if (at < 0) return;
            const size = g.id === `${day}/${pin.class}` ? Infinity : g.classSizes[at];
            if (size > bestSize) {
              best = gi;
              bestSize = size;
            }
          });
          if (best >= 0) chosen.push(best);
          else if (pin.days !== undefined) reasons.push(`${DAY_ZH[day]}班级 ${pin.class} 没有参加课后服务的学生（没有组）`);
        }
      }
      for (const gi of chosen) {
        if (pin.days !== undefined && !pin.days.includes(groups[gi].day)) continue;
        const list = blocks.get(gi) ?? [];
        const want = pin.blocks ?? list.map((_, b) => b);
        for (const b of want) {
          const duty = list[b];
          if (duty === undefined) {
            reasons.push(`${groups[gi].id} 组没有第 ${b + 1} 段`);
            continue;
          }
          wants.push({ duty, staff: si, source: 'pin', tag: path });
          wanted++;
        }
      }
      if (wanted === 0 && reasons.length === 0) reasons.push('排班中没有此固定安排所指的任务（该班在这些日子没有组）');
      pins.push({ path, staff: s.id, wanted, reasons });
    });
  });
  return { wants, pins };
}

/** Per pin: blocks honoured out of those wanted, and every reason (before planning and from the unmet wants). */
export function pinReports(
  pins: readonly { path: string; staff: string; wanted: number; reasons: readonly string[] }[],
  unmet: readonly UnmetWant[],
  duties: readonly CoverDuty[],
): PinReport[] {
  return pins.map((p) => {
    const mine = unmet.filter((u) => u.want.source === 'pin' && u.want.tag === p.path);
    const reasons = [...p.reasons, ...mine.map((u) => `${duties[u.want.duty].label}：${u.reason}`)];
    return { path: p.path, staff: p.staff, honoured: p.wanted - mine.length, wanted: p.wanted, reasons };
  });
}
