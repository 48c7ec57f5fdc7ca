// The dated semester's rules (schedule.semester): calendar T1/T2, inspection P6, leave substitutes W1.
// Dates are day numbers computed in UTC by the checker's own time.ts, never the planner's calendar.
import { inspectionDuty, isInspectionDuty, isLatePickupDuty, latePickupDayPrefix } from '../model/duty-keys.js';
import type { Calendar, SemesterDay, Substitution, WeekdayName } from '../model/schema.js';
import { pointer, report, staffLabel, type CheckContext } from './context.js';
import { overlappingPairs, type TemplateDuties, type TemplateDuty } from './duties.js';
import { eligibilityProblems } from './eligibility.js';
import { clockOf, dateOf, dayNumber, weekdayOfDay, weekdayZh } from './time.js';
import type { DeclaredShortfall } from './types.js';

export type ServiceDate = { readonly date: string; readonly as: WeekdayName; readonly workday: boolean };

/** T1 T2 the service dates: [start, end] on serviceWeekdays minus holidays, plus make-up workdays with their `as`. */
export function serviceDates(calendar: Calendar): ServiceDate[] {
  const start = dayNumber(calendar.start);
  const end = dayNumber(calendar.end);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return [];
  const weekdays = new Set(calendar.serviceWeekdays);
  const holidays = (calendar.holidays ?? []).map((h) => [dayNumber(h.from), dayNumber(h.to)] as const);
  const workdays = new Map((calendar.workdays ?? []).map((w) => [dayNumber(w.date), w.as] as const));
  const out: ServiceDate[] = [];
  for (let day = start; day <= end; day++) {
    const as = workdays.get(day);
    if (as !== undefined) out.push({ date: dateOf(day), as, workday: true });
    else if (weekdays.has(weekdayOfDay(day)) && !holidays.some(([a, b]) => a <= day && day <= b)) {
      out.push({ date: dateOf(day), as: weekdayOfDay(day), workday: false });
    }
  }
  return out;
}

// T1 T2 the semester lists exactly the service dates, in order, each with its timetable weekday `as`
export function checkT1T2Calendar(ctx: CheckContext, semester: readonly SemesterDay[]): void {
  const cal = ctx.instance.calendar;
  const expected = serviceDates(cal);
  const byDate = new Map(expected.map((e) => [e.date, e]));
  const start = dayNumber(cal.start);
  const end = dayNumber(cal.end);
  const inHoliday = (day: number) => (cal.holidays ?? []).some((h) => dayNumber(h.from) <= day && day <= dayNumber(h.to));
  const seen = new Set<string>();
  let previous = -Infinity;
  semester.forEach((entry, i) => {
    const path = pointer('semester', i);
    const day = dayNumber(entry.date);
    if (!Number.isFinite(day)) return report(ctx, 'T1', path + '/date', `日期 ${entry.date} 不存在`);
    if (seen.has(entry.date)) return report(ctx, 'T1', path + '/date', `日期 ${entry.date} 重复出现`);
    seen.add(entry.date);
    if (day < previous) report(ctx, 'T1', path + '/date', `日期 ${entry.date} 未按先后顺序排列`);
    previous = Math.max(previous, day);
    const want = byDate.get(entry.date);
    if (!want) {
      if (day < start || day > end) report(ctx, 'T1', path + '/date', `${entry.date} 不在学期 ${cal.start} 至 ${cal.end} 之内`);
      else if (inHoliday(day)) report(ctx, 'T2', path + '/date', `${entry.date} 是假期，不提供课后服务`);
      else report(ctx, 'T1', path + '/date', `${entry.date}（${weekdayZh(weekdayOfDay(day))}）不是服务日`);
    } else if (entry.as !== want.as) {
      report(ctx, 'T2', path + '/as', want.workday
        ? `${entry.date} 是调休工作日，应按${weekdayZh(want.as)}的课表，而不是${weekdayZh(entry.as)}`
        : `${entry.date} 是${weekdayZh(want.as)}，课表应为 ${want.as}，而不是 ${entry.as}`);
    }
  });
  for (const e of expected) {
    if (!seen.has(e.date)) {
      report(ctx, e.workday ? 'T2' : 'T1', pointer('semester'), e.workday
        ? `缺少调休工作日 ${e.date}（按${weekdayZh(e.as)}课表）`
        : `缺少服务日 ${e.date}（${weekdayZh(e.as)}）`);
    }
  }
}

type LeaveIndex = ReadonlyMap<string, readonly (readonly [number, number])[]>;

function leaveIndex(ctx: CheckContext): LeaveIndex {
  const m = new Map<string, [number, number][]>();
  for (const l of ctx.instance.leave ?? []) {
    const list = m.get(l.staff) ?? [];
    list.push([dayNumber(l.from), dayNumber(l.to)]);
    m.set(l.staff, list);
  }
  return m;
}
const onLeave = (leave: LeaveIndex, staff: string, day: number): boolean =>
  (leave.get(staff) ?? []).some(([a, b]) => a <= day && day <= b);

/** A substitution resolved to the template duty it changes. */
type Resolved = { readonly j: number; readonly sub: Substitution; readonly duty: TemplateDuty };

const subPath = (i: number, j: number) => pointer('semester', i, 'substitutions', j);

/** Resolve each substitution of a date to its template duty; report the ones that name no duty of that timetable. */
function resolveSubstitutions(ctx: CheckContext, duties: TemplateDuties, entry: SemesterDay, i: number): Map<string, Resolved> {
  const resolved = new Map<string, Resolved>();
  const as = entry.as;
  entry.substitutions.forEach((sub, j) => {
    const path = subPath(i, j);
    let key: string | undefined;
    if ('group' in sub) {
      const gi = ctx.groupIndex.get(sub.group);
      const g = gi === undefined ? undefined : ctx.schedule.week.groups[gi];
      if (!g) return report(ctx, 'W1', path + '/group', `${entry.date} 替换的组 ${sub.group} 不存在`);
      if (g.day !== as) return report(ctx, 'W1', path + '/group', `${entry.date} 按${weekdayZh(as)}课表，组 ${g.id} 不在当天`);
      key = `group:${gi}:${sub.block}`;
      if (!duties.byKey.has(key)) return report(ctx, 'W1', path + '/block', `组 ${g.id} 没有第 ${sub.block + 1} 时段`);
    } else if ('club' in sub) {
      const ci = ctx.weekClubIndex.get(sub.club);
      const c = ci === undefined ? undefined : ctx.schedule.week.clubs[ci];
      if (!c) return report(ctx, 'W1', path + '/club', `${entry.date} 替换的社团 ${sub.club} 不在周安排中`);
      if (!c.days.includes(as)) return report(ctx, 'W1', path + '/club', `${entry.date} 按${weekdayZh(as)}课表，社团 ${sub.club} 当天不活动`);
      key = `club:${ci}@${as}`;
      if (!duties.byKey.has(key)) return report(ctx, 'W1', path + '/club', `社团 ${sub.club} 没有可替换的活动时段`);
    } else {
      const pickup = (duties.byDay.get(as) ?? []).find((d) => d.kind === 'latePickup' && d.holder === sub.from && !resolved.has(d.key));
      if (!pickup) {
        return report(ctx, 'W1', path + '/from', `${entry.date}（${weekdayZh(as)}课表）没有由 ${sub.from === null ? '空缺' : staffLabel(ctx, sub.from)} 承担且未被替换的延时接送值班`);
      }
      key = pickup.key;
    }
    if (resolved.has(key)) return report(ctx, 'W1', path, `${entry.date} 同一值班被重复替换`);
    resolved.set(key, { j, sub, duty: duties.byKey.get(key)! });
  });
  return resolved;
}

// W1 each substitution: `from` is the template holder, the change is needed (leave or inspection), `to` is qualified,
// free and not on leave or inspecting; a null `to` carries a reason; nobody on leave keeps a duty; no double booking
function checkW1Date(
  ctx: CheckContext,
  duties: TemplateDuties,
  leave: LeaveIndex,
  entry: SemesterDay,
  i: number,
  resolved: ReadonlyMap<string, Resolved>,
  inspectors: ReadonlySet<string>,
  dated: DatedShortfalls,
  out: DeclaredShortfall[],
): void {
  const day = dayNumber(entry.date);
  const as = entry.as;
  for (const { j, sub, duty } of resolved.values()) {
    const path = subPath(i, j);
    const what = `${entry.date} ${duty.zh}`;
    if (sub.from !== duty.holder) {
      report(ctx, 'W1', path + '/from', `${what} 的原值班人是 ${duty.holder === null ? '空缺' : staffLabel(ctx, duty.holder)}，替换记录写的是 ${sub.from === null ? '空缺' : staffLabel(ctx, sub.from)}`);
    } else if (sub.from !== null && !onLeave(leave, sub.from, day) && !inspectors.has(sub.from)) {
      report(ctx, 'W1', path, `${what}：${staffLabel(ctx, sub.from)} 当天既未请假也不巡视，不应替换`);
    }
    if (sub.to === null) {
      const k = dated.take(entry.date, duty.label);
      if (sub.reason !== undefined && sub.reason.trim() !== '') {
        out.push({ path: path + '/to', duty: duty.label, day: as, date: entry.date, reason: sub.reason });
      } else if (k !== undefined) {
        out.push({ path: path + '/to', duty: duty.label, day: as, date: entry.date, reason: ctx.schedule.shortfalls![k].reason });
      } else {
        report(ctx, 'W1', path + '/to', `${what} 无人替换，但没有说明原因`);
      }
      continue;
    }
    const to = sub.to;
    const who = staffLabel(ctx, to);
    for (const p of eligibilityProblems(ctx, to, duty.kind, [as], duty.club)) report(ctx, 'W1', path + '/to', `${what} 的替换人不合格：${p.message}`);
    if (onLeave(leave, to, day)) report(ctx, 'W1', path + '/to', `${what} 的替换人 ${who} 当天请假`);
    if (inspectors.has(to)) report(ctx, 'W1', path + '/to', `${what} 的替换人 ${who} 当天巡视，不能再承担其他值班`);
  }
  // nobody on leave keeps a template duty that date
  const own = (sid: string): readonly TemplateDuty[] => duties.byDayStaff.get(as)?.get(sid) ?? [];
  for (const [sid] of leave) {
    if (!onLeave(leave, sid, day)) continue;
    for (const d of own(sid)) {
      if (!resolved.has(d.key)) {
        report(ctx, 'W1', pointer('semester', i, 'substitutions'), `${staffLabel(ctx, sid)} ${entry.date} 请假，但其${d.zh}（${clockOf(d.interval.start)}-${clockOf(d.interval.end)}）没有替换`);
      }
    }
  }
  // a substitute is not double-booked in the effective timetable of that date
  const substitutes = new Set([...resolved.values()].map((r) => r.sub.to).filter((t): t is string => t !== null));
  for (const sid of substitutes) {
    type Item = { interval: TemplateDuty['interval']; zh: string; path?: string };
    const items: Item[] = [];
    for (const d of own(sid)) if (!resolved.has(d.key)) items.push({ interval: d.interval, zh: d.zh });
    for (const r of resolved.values()) if (r.sub.to === sid) items.push({ interval: r.duty.interval, zh: r.duty.zh, path: subPath(i, r.j) + '/to' });
    for (const [a, b] of overlappingPairs(items)) {
      const path = b.path ?? a.path;
      if (path) report(ctx, 'W1', path, `${staffLabel(ctx, sid)} ${entry.date} 同时承担${a.zh}和${b.zh}`);
    }
  }
}

// P6 inspectorsPerDay distinct eligible leaders inspect each date, not on leave, not unavailable, with no other duty that date
function checkP6Date(
  ctx: CheckContext,
  duties: TemplateDuties,
  leave: LeaveIndex,
  entry: SemesterDay,
  i: number,
  resolved: ReadonlyMap<string, Resolved>,
  dated: DatedShortfalls,
  out: DeclaredShortfall[],
): Set<string> {
  const day = dayNumber(entry.date);
  const base = pointer('semester', i, 'inspection');
  const want = ctx.policy.inspectorsPerDay;
  if (entry.inspection.length !== want) report(ctx, 'P6', base, `${entry.date} 应有 ${want} 名行政巡视，安排了 ${entry.inspection.length} 名`);
  const inspectors = new Set<string>();
  entry.inspection.forEach((id, k) => {
    const path = pointer('semester', i, 'inspection', k);
    if (id === null) {
      const s = dated.takeInspection(entry.date);
      if (s === undefined) report(ctx, 'SHORTFALL', path, `${entry.date} 第 ${k + 1} 个巡视岗空缺，但 shortfalls 中没有申报（应有 duty "inspection ${entry.date} #${k + 1}"）`);
      else out.push({ path, duty: inspectionDuty(entry.date, k + 1), day: entry.as, date: entry.date, reason: ctx.schedule.shortfalls![s].reason });
      return;
    }
    if (inspectors.has(id)) return report(ctx, 'P6', path, `${staffLabel(ctx, id)} 在 ${entry.date} 的巡视名单中重复出现`);
    inspectors.add(id);
    const s = ctx.staff.get(id);
    if (!s) return report(ctx, 'P6', path, `巡视人 ${id} 不在教职工名单中`);
    const who = staffLabel(ctx, id);
    if (!s.roles.includes('leader')) report(ctx, 'P6', path, `${who} 不是学校领导，不能承担行政巡视`);
    if (s.exempt) report(ctx, 'P6', path, `${who} 已获免于课后服务，不能巡视`);
    if (s.misconduct) report(ctx, 'P6', path, `${who} 有师德师风问题记录，不能巡视`);
    if ((s.unavailable ?? []).includes(entry.as)) report(ctx, 'P6', path, `${who} ${weekdayZh(entry.as)}不可值班，不能在 ${entry.date} 巡视`);
    if (onLeave(leave, id, day)) report(ctx, 'P6', path, `${who} ${entry.date} 请假，不能巡视`);
    for (const d of duties.byDayStaff.get(entry.as)?.get(id) ?? []) {
      if (!resolved.has(d.key)) {
        report(ctx, 'P6', path, `${who} ${entry.date} 巡视，其${d.zh}应由他人替换`);
      }
    }
  });
  return inspectors;
}

// P6-FAIR inspection counts differ by at most one among leaders with the same availability (no weekday pins)
function checkP6Fairness(ctx: CheckContext, semester: readonly SemesterDay[]): void {
  if (ctx.policy.inspectorsPerDay < 1 || semester.length === 0) return;
  const count = new Map<string, number>();
  for (const e of semester) for (const id of new Set(e.inspection)) if (id !== null) count.set(id, (count.get(id) ?? 0) + 1);
  const classes = new Map<string, string[]>();
  for (const s of ctx.instance.staff) {
    if (!s.roles.includes('leader') || s.exempt || s.misconduct || (s.inspectionDays ?? []).length > 0) continue;
    const leave = (ctx.instance.leave ?? []).filter((l) => l.staff === s.id).map((l) => `${l.from}..${l.to}`).sort();
    const key = JSON.stringify([[...new Set(s.unavailable ?? [])].sort(), leave]);
    classes.set(key, [...(classes.get(key) ?? []), s.id]);
  }
  for (const ids of classes.values()) {
    if (ids.length < 2) continue;
    const counts = ids.map((id) => count.get(id) ?? 0);
    if (Math.max(...counts) - Math.min(...counts) > 1) {
      const list = ids.map((id, k) => `${staffLabel(ctx, id)} ${counts[k]} 次`).join('，');
      report(ctx, 'P6-FAIR', pointer('semester'), `可用时间相同的领导巡视次数相差超过 1：${list}`);
    }
  }
}

/** Dated declarations in `shortfalls`, consumed as nulls are matched. */
type DatedShortfalls = {
  take(date: string, duty: string): number | undefined;
  takeInspection(date: string): number | undefined;
  unused(): number[];
};

function datedShortfalls(ctx: CheckContext): DatedShortfalls {
  const list = ctx.schedule.shortfalls ?? [];
  const used = new Set<number>();
  const find = (pred: (duty: string, date: string) => boolean): number | undefined => {
    const k = list.findIndex((s, i) => s.date !== undefined && !used.has(i) && pred(s.duty.trim(), s.date));
    if (k < 0) return undefined;
    used.add(k);
    return k;
  };
  return {
    take: (date, duty) => {
      const exact = find((d, dt) => dt === date && d === duty);
      if (exact !== undefined || !isLatePickupDuty(duty)) return exact;
      const prefix = latePickupDayPrefix(duty);
      return find((d, dt) => dt === date && d.startsWith(prefix));
    },
    takeInspection: (date) => find((d, dt) => dt === date && isInspectionDuty(d, date)),
    unused: () => list.flatMap((s, i) => (s.date !== undefined && !used.has(i) ? [i] : [])),
  };
}

/** All semester rules; returns the declared semester-level shortfalls. */
export function checkSemester(ctx: CheckContext, duties: TemplateDuties): DeclaredShortfall[] {
  const semester = ctx.schedule.semester;
  const out: DeclaredShortfall[] = [];
  if (!semester) return out;
  const leave = leaveIndex(ctx);
  const dated = datedShortfalls(ctx);
  checkT1T2Calendar(ctx, semester);
  semester.forEach((entry, i) => {
    const resolved = resolveSubstitutions(ctx, duties, entry, i);
    const inspectors = checkP6Date(ctx, duties, leave, entry, i, resolved, dated, out);
    checkW1Date(ctx, duties, leave, entry, i, resolved, inspectors, dated, out);
  });
  checkP6Fairness(ctx, semester);
  // SHORTFALL a dated declaration names a real gap of that date
  for (const k of dated.unused()) {
    const s = ctx.schedule.shortfalls![k];
    report(ctx, 'SHORTFALL', pointer('shortfalls', k), `申报的缺口 "${s.duty}"（${s.date}）在学期安排中找不到对应的空缺`);
  }
  return out;
}
