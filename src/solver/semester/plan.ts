// The dated semester plan: service dates (T1 T2), leadership inspection rotation (P6), leave substitutes
// (P2 W1), fees (M1) and each staff member's load for performance pay (P8).
import { clubDuty, groupBlockDuty, inspectionDuty } from '../../model/duty-keys.js';
import type { Instance, Schedule, SemesterDay, SemesterReport, Shortfall, Substitution, WeekdayName } from '../../model/schema.js';
import { lessonMinutes, resolvePolicy } from '../../model/policy.js';
import { serviceDates, type ServiceDate } from '../../model/calendar.js';
import {
  bundles,
  candidateCount,
  compileTemplate,
  type SchoolFacts,
  coverAbsentees,
  dayTemplate,
  dutiesOf,
  hash32,
  minutesOf,
  newDayState,
  onLeave,
  type ChooseContext,
  type DayState,
  type DayTemplate,
  type DutyRef,
  type LoadCounters,
  type StaffInfo,
  type Template,
  type StayHook,
} from './substitute.js';
import { planInspectionPattern, type InspectionPattern } from './pattern.js';
import { newStayPlan, stayHook } from './stay.js';
import { leaveReports } from './leave-report.js';

export type SemesterOptions = {
  readonly seed: number;
  /** re-planning that keeps the plan: the previous semester, whose inspectors and substitutes are kept where valid */
  readonly previous?: readonly SemesterDay[];
  /** the school's part of the template when the caller already compiled it (substitute.ts compileSchool) */
  readonly school?: SchoolFacts;
};

export type SemesterResult = {
  readonly semester: SemesterDay[];
  readonly shortfalls: Shortfall[];
  readonly report: SemesterReport;
};

// ------------------------------------------------------------------------------------------------ inspection

/** Leaders who may inspect at all (role leader, not exempt, no misconduct). */
export const inspectionLeaders = (tpl: Template): StaffInfo[] => tpl.staffOrder.filter((s) => s.leader && !s.barred);

/** P6: may this leader inspect on this date (not on leave, not unavailable on the timetable weekday)? */
export const mayInspect = (tpl: Template, leader: StaffInfo, d: ServiceDate): boolean =>
  !leader.barred && leader.leader && !leader.unavailable.has(d.as) && !onLeave(tpl, leader.id, d.date);

/**
 * P6 fairness classes: leaders with the same availability (the same service dates open to them) and the same
 * weekday pins. Counts inside one class differ by at most one.
 */
export function fairnessClasses(tpl: Template, dates: readonly ServiceDate[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of inspectionLeaders(tpl)) {
    let bits = '';
    for (const d of dates) bits += mayInspect(tpl, l, d) ? '1' : '0';
    out.set(l.id, [...l.inspectionDays].sort().join(',') + '|' + bits);
  }
  return out;
}

export type InspectionState = {
  readonly classOf: ReadonlyMap<string, string>;
  readonly counts: Map<string, number>;
  readonly seed: number;
};

/** P6: can every duty this leader holds on the state's date go to somebody else (checked duty by duty)? */
export function handOverFeasible(state: DayState, leader: StaffInfo, picked: ReadonlySet<string>, ctx: ChooseContext): boolean {
  const duties = dutiesOf(state, leader.id);
  if (duties.length === 0) return true;
  const exclude = new Set([...(ctx.exclude ?? []), ...picked, leader.id]);
  return bundles(duties).every((b) => b.every((duty) => candidateCount(state, [duty], { ...ctx, exclude }, 1) > 0));
}

/**
 * P6 ranking of leaders for one free inspection slot, best first:
 * 1. fairness: a leader's count is the lowest of their class among the pool (so class counts stay within one);
 * 2. their duties that day can all be substituted; 3. not inspecting on a neighbouring date (no twice in a row);
 * 4. fewest inspections so far; 5. fewest duty minutes to hand over; 6. seeded tie-break.
 */
export function rankInspectors(
  state: DayState,
  pool: readonly StaffInfo[],
  ins: InspectionState,
  neighbours: ReadonlySet<string>,
  picked: ReadonlySet<string>,
  ctx: ChooseContext,
): StaffInfo[] {
  const classMin = new Map<string, number>();
  for (const l of pool) {
    const k = ins.classOf.get(l.id) ?? l.id;
    const c = ins.counts.get(l.id) ?? 0;
    classMin.set(k, Math.min(classMin.get(k) ?? Infinity, c));
  }
  const scored = pool.map((l) => {
    const count = ins.counts.get(l.id) ?? 0;
    const duties = dutiesOf(state, l.id);
    const feasible = handOverFeasible(state, l, picked, ctx);
    return {
      l,
      ok: count <= (classMin.get(ins.classOf.get(l.id) ?? l.id) ?? 0) ? 0 : 1,
      feasible: feasible ? 0 : 1,
      near: neighbours.has(l.id) ? 1 : 0,
      count,
      minutes: duties.reduce((s, d) => s + d.end - d.start, 0),
      h: hash32(ins.seed, `inspect|${state.date}|${l.id}`),
    };
  });
  scored.sort(
    (a, b) =>
      a.ok - b.ok ||
      a.feasible - b.feasible ||
      a.near - b.near ||
      a.count - b.count ||
      a.minutes - b.minutes ||
      a.h - b.h ||
      a.l.index - b.l.index,
  );
  return scored.map((s) => s.l);
}

/** Chinese reason for an inspection slot nobody can take. */
export function noInspectorReason(tpl: Template, d: ServiceDate, picked: number): string {
  const leaders = inspectionLeaders(tpl);
  if (leaders.length === 0) return `${d.date} 无人巡视：名单中没有可巡视的行政人员（leader 角色）`;
  let leave = 0;
  let unavailable = 0;
  for (const l of leaders) {
    if (onLeave(tpl, l.id, d.date)) leave++;
    else if (l.unavailable.has(d.as)) unavailable++;
  }
  const parts: string[] = [];
  if (leave) parts.push(`${leave} 人请假`);
  if (unavailable) parts.push(`${unavailable} 人当天不可安排`);
  if (picked) parts.push(`${picked} 人已在巡视`);
  return `${d.date} 无人巡视：共 ${leaders.length} 名行政人员，${parts.join('、')}`;
}

/**
 * P6: the date's inspectors: the weekly pattern's (pattern.ts) when they may inspect and their duties that day can
 * be handed over (or nobody else's could either); any slot left goes to the fairest leader (rankInspectors).
 */
function pickInspectors(
  state: DayState,
  d: ServiceDate,
  planned: readonly string[],
  leaders: readonly StaffInfo[],
  ins: InspectionState,
  yesterday: ReadonlySet<string>,
  ctx: ChooseContext,
  pins: { kept: number; moved: number },
): (string | null)[] {
  const k = state.tpl.policy.inspectorsPerDay;
  const out: (string | null)[] = [];
  const picked = new Set<string>();
  const eligible = leaders.filter((l) => mayInspect(state.tpl, l, d));
  const canHandOver = (l: StaffInfo): boolean => handOverFeasible(state, l, picked, ctx);
  const othersFeasible = (l: StaffInfo): boolean => eligible.some((o) => o !== l && !picked.has(o.id) && !planned.includes(o.id) && canHandOver(o));
  for (const id of planned) {
    const l = state.tpl.staff.get(id);
    if (!l || out.length >= k || !eligible.includes(l)) continue;
    if (!canHandOver(l) && othersFeasible(l)) continue;
    out.push(l.id);
    picked.add(l.id);
  }
  while (out.length < k) {
    const pool = eligible.filter((l) => !picked.has(l.id));
    const best = rankInspectors(state, pool, ins, yesterday, picked, ctx)[0];
    if (!best) {
      // nobody left: every remaining place stays empty (at once, not one search per place: issue 14.2)
      while (out.length < k) out.push(null);
      break;
    }
    out.push(best.id);
    picked.add(best.id);
  }
  for (const id of picked) ins.counts.set(id, (ins.counts.get(id) ?? 0) + 1);
  // pins kept or moved (a pinned leader on leave or unable to hand over counts as moved)
  const pinned = leaders.filter((l) => l.inspectionDays.has(d.as));
  const kept = pinned.filter((l) => picked.has(l.id)).length;
  pins.kept += kept;
  pins.moved += Math.min(k, pinned.length) - Math.min(k, kept);
  return out;
}

/** P6 the weekly pattern of the whole semester (pattern.ts) over the template's leaders. */
export function inspectionPlan(tpl: Template, dates: readonly ServiceDate[]): InspectionPattern {
  const leaders = inspectionLeaders(tpl);
  return planInspectionPattern({
    dates,
    leaders: leaders.map((l) => ({ id: l.id, index: l.index, pinned: l.inspectionDays })),
    perDay: tpl.policy.inspectorsPerDay,
    mayInspect: (l, i) => mayInspect(tpl, tpl.staff.get(l.id)!, dates[i]),
    dutyMinutes: (l, day) => (dayTemplate(tpl, day).byHolder.get(l.id) ?? []).reduce((m, x) => m + x.end - x.start, 0),
  });
}

/** P6 each leader's weekdays and counts over the semester (the pattern a school posts), most frequent first. */
export function inspectionPatternReport(tpl: Template, semester: readonly SemesterDay[]): Record<string, { name: string; count: number; weekdays: Partial<Record<WeekdayName, number>> }> {
  const out: Record<string, { name: string; count: number; weekdays: Partial<Record<WeekdayName, number>> }> = {};
  for (const l of inspectionLeaders(tpl)) out[l.id] = { name: l.staff.name, count: 0, weekdays: {} };
  for (const day of semester) {
    for (const id of day.inspection) {
      if (id === null) continue;
      const r = (out[id] ??= { name: tpl.staff.get(id)?.staff.name ?? id, count: 0, weekdays: {} });
      r.count++;
      r.weekdays[day.as] = (r.weekdays[day.as] ?? 0) + 1;
    }
  }
  for (const r of Object.values(out)) {
    r.weekdays = Object.fromEntries(Object.entries(r.weekdays).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ entries

/** The substitution entry for one duty changed on a date. */
export function substitutionEntry(duty: DutyRef, to: string | null, reason?: string): Substitution {
  const tail = to === null ? { from: duty.holder, to, reason: reason ?? '无人可代' } : { from: duty.holder, to };
  switch (duty.kind) {
    case 'group':
      return { group: duty.group ?? '', block: duty.block ?? 0, ...tail };
    case 'club':
      return { club: duty.club ?? '', ...tail };
    case 'latePickup':
      return { latePickup: true, ...tail };
  }
}

/** The template duty a substitution entry changes on a weekday (undefined when it names no duty of that day). */
export function entryDuty(day: DayTemplate, entry: Substitution): DutyRef | undefined {
  if ('group' in entry) return day.byKey.get(groupBlockDuty(entry.group, entry.block));
  if ('club' in entry) return day.byKey.get(clubDuty(entry.club));
  return day.duties.find((d) => d.kind === 'latePickup' && d.holder === entry.from);
}

/** The date's substitution entries and shortfalls, in template duty order. */
function dayEntries(state: DayState): { subs: Substitution[]; shortfalls: Shortfall[] } {
  const subs: Substitution[] = [];
  const shortfalls: Shortfall[] = [];
  for (const duty of state.day.duties) {
    if (!state.override.has(duty.key)) continue;
    const to = state.override.get(duty.key) ?? null;
    const reason = state.nullReason.get(duty.key);
    subs.push(substitutionEntry(duty, to, reason));
    if (to === null) shortfalls.push({ day: state.as, date: state.date, duty: duty.key, reason: reason ?? '无人可代' });
  }
  return { subs, shortfalls };
}

// ------------------------------------------------------------------------------------------------ plan

/** Substitution load so far, from existing semester entries (for spreading further substitutions). */
export function loadFromSemester(tpl: Template, semester: readonly SemesterDay[]): LoadCounters {
  const subMinutes = new Map<string, number>();
  for (const day of semester) {
    const dt = dayTemplate(tpl, day.as);
    for (const e of day.substitutions) {
      if (e.to === null) continue;
      const d = entryDuty(dt, e);
      if (d) subMinutes.set(e.to, (subMinutes.get(e.to) ?? 0) + d.end - d.start);
    }
  }
  return { subMinutes };
}

/**
 * Plan the semester on top of the weekly template: for every service date, its inspectors (P6) and a
 * substitute for every duty of a leader on inspection or of staff on leave (W1); then the report (M1, P8).
 */
export function planSemester(instance: Instance, week: Schedule['week'], options: SemesterOptions): SemesterResult {
  const tpl = compileTemplate(instance, week, [], options.school);
  const dates = serviceDates(instance);
  const leaders = inspectionLeaders(tpl);
  const ins: InspectionState = { classOf: fairnessClasses(tpl, dates), counts: new Map(), seed: options.seed };
  // P6 the weekly pattern first (whole semester), so the substitutes know who inspects when
  let planned: readonly (readonly string[])[] = inspectionPlan(tpl, dates).plan;
  if (options.previous) planned = keptInspections(tpl, dates, planned, options.previous, ins.classOf);
  const inspectorsOn = new Map(dates.map((d, i) => [d.date, new Set(planned[i])] as const));
  const stay = stayHook(newStayPlan(dates, (date) => inspectorsOn.get(date)));
  const ctx: ChooseContext = {
    seed: options.seed,
    load: { subMinutes: new Map() },
    stay: options.previous ? keepSubstitutes(options.previous, stay) : stay,
  };
  const pins = { kept: 0, moved: 0 };
  const semester: SemesterDay[] = [];
  const shortfalls: Shortfall[] = [];
  let yesterday: ReadonlySet<string> = new Set();
  for (const [i, d] of dates.entries()) {
    const state = newDayState(tpl, d.date, d.as);
    const inspection = pickInspectors(state, d, planned[i], leaders, ins, yesterday, ctx, pins);
    inspection.forEach((id, i) => {
      if (id !== null) state.absent.set(id, 'inspection');
      else shortfalls.push({ day: d.as, date: d.date, duty: inspectionDuty(d.date, i + 1), reason: noInspectorReason(tpl, d, i) });
    });
    const absent = [...state.absent.keys()].filter((s) => tpl.staff.has(s)).sort((a, b) => tpl.staff.get(a)!.index - tpl.staff.get(b)!.index);
    coverAbsentees(state, absent, ctx);
    const { subs, shortfalls: dayShort } = dayEntries(state);
    semester.push({ date: d.date, as: d.as, inspection, substitutions: subs });
    shortfalls.push(...dayShort);
    yesterday = new Set(inspection.filter((x): x is string => x !== null));
  }
  const report = { ...semesterReport(instance, week, semester, tpl), inspectionPins: pins };
  return { semester, shortfalls, report };
}

// ------------------------------------------------------------------------------------------------ report

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** M1: fee per student (yuan): service dates attended × charged periods × feePerPeriod; 0 for exempt or low-income. */
export function semesterFees(
  instance: Instance,
  semester: readonly { readonly as: WeekdayName }[],
): { perStudent: Record<string, number>; perClass: Record<string, number>; total: number; currency: 'CNY' } {
  const policy = resolvePolicy(instance.policy);
  const lesson = lessonMinutes(instance);
  const datesOn = new Map<WeekdayName, number>();
  for (const d of semester) datesOn.set(d.as, (datesOn.get(d.as) ?? 0) + 1);
  const classGrade = new Map(instance.classes.map((c) => [c.id, c.grade] as const));
  const gradePeriods = new Map<number, number>();
  for (const t of instance.timelines) {
    if (t.blocks.length === 0) continue;
    const minutes = Math.max(...t.blocks.map((b) => minutesOf(b.end))) - Math.min(...t.blocks.map((b) => minutesOf(b.start)));
    // T8: charged periods per attended date
    const periods = Math.min(Math.floor(minutes / lesson), policy.maxChargedPeriodsPerDay);
    for (const g of t.grades) if (!gradePeriods.has(g)) gradePeriods.set(g, periods);
  }
  const perStudent: Record<string, number> = {};
  const classFen = new Map<string, number>();
  for (const c of instance.classes) classFen.set(c.id, 0);
  let totalFen = 0;
  for (const s of instance.students) {
    const grade = classGrade.get(s.class);
    const exempt = s.feeExempt === true || (s.priority ?? []).includes('low-income');
    let attended = 0;
    for (const day of new Set(s.days)) attended += datesOn.get(day) ?? 0;
    const periods = grade === undefined ? 0 : (gradePeriods.get(grade) ?? 0);
    const fen = exempt ? 0 : Math.round(attended * periods * policy.feePerPeriod * 100);
    perStudent[s.id] = fen / 100;
    classFen.set(s.class, (classFen.get(s.class) ?? 0) + fen);
    totalFen += fen;
  }
  const perClass: Record<string, number> = {};
  for (const [c, fen] of classFen) perClass[c] = fen / 100;
  return { perStudent, perClass, total: totalFen / 100, currency: 'CNY' };
}

export type StaffLoad = {
  /** weekly template load in periods */
  readonly periodsPerWeek: number;
  /** the semester's periods after substitutions, plus one per inspection date */
  readonly periodsSemester: number;
  readonly inspections: number;
  /** substitution entries this person took over */
  readonly substitutionsTaken: number;
};

/** P8: each staff member's load (periods per week and for the semester) after substitutions and inspections. */
export function staffLoad(tpl: Template, semester: readonly SemesterDay[]): Record<string, StaffLoad> {
  const minutes = new Map<string, number>();
  const inspections = new Map<string, number>();
  const taken = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number): void => {
    m.set(k, (m.get(k) ?? 0) + v);
  };
  // template minutes × the number of dates running each weekday's timetable
  const datesOn = new Map<WeekdayName, number>();
  for (const day of semester) datesOn.set(day.as, (datesOn.get(day.as) ?? 0) + 1);
  for (const [day, dt] of tpl.days) {
    const n = datesOn.get(day) ?? 0;
    if (n === 0) continue;
    for (const d of dt.duties) if (d.holder !== null) add(minutes, d.holder, n * (d.end - d.start));
  }
  // then each date's changes
  for (const day of semester) {
    for (const i of day.inspection) if (i !== null) add(inspections, i, 1);
    if (day.substitutions.length === 0) continue;
    const dt = dayTemplate(tpl, day.as);
    for (const e of day.substitutions) {
      const d = entryDuty(dt, e);
      if (!d) continue;
      if (e.from !== null) add(minutes, e.from, -(d.end - d.start));
      if (e.to !== null) {
        add(minutes, e.to, d.end - d.start);
        add(taken, e.to, 1);
      }
    }
  }
  const out: Record<string, StaffLoad> = {};
  for (const s of tpl.staffOrder) {
    const insp = inspections.get(s.id) ?? 0;
    out[s.id] = {
      periodsPerWeek: round2((tpl.weeklyMinutes.get(s.id) ?? 0) / tpl.lessonMinutes),
      periodsSemester: round2((minutes.get(s.id) ?? 0) / tpl.lessonMinutes + insp),
      inspections: insp,
      substitutionsTaken: taken.get(s.id) ?? 0,
    };
  }
  return out;
}

/** The part of report.semester that depends on who does what (what-if recomputes it), with its load table. */
export type SemesterFigures = SemesterReport & { readonly staffLoad: Record<string, StaffLoad> };

/** Semester figures that depend on who does what: dates, inspection counts, substitution counts, staff load (P8). */
export function semesterFigures(tpl: Template, semester: readonly SemesterDay[]): SemesterFigures {
  const inspectionCounts: Record<string, number> = {};
  for (const l of inspectionLeaders(tpl)) inspectionCounts[l.id] = 0;
  let substitutions = 0;
  let uncovered = 0;
  for (const day of semester) {
    for (const i of day.inspection) if (i !== null) inspectionCounts[i] = (inspectionCounts[i] ?? 0) + 1;
    for (const e of day.substitutions) {
      substitutions++;
      if (e.to === null) uncovered++;
    }
  }
  const leave = [...tpl.leave].flatMap(([staff, ranges]) => ranges.map((r) => ({ staff, from: r.from, to: r.to })));
  return {
    dates: semester.length,
    inspectionCounts,
    // P6 each leader's weekdays and counts (the posted pattern)
    inspectionPattern: inspectionPatternReport(tpl, semester),
    substitutions,
    uncovered,
    // W1 per leave: duties, distinct substitutes, each duty's substitutes in date order
    leaves: leaveReports(tpl, semester, leave),
    staffLoad: staffLoad(tpl, semester),
  };
}

/** The semester part of the report: dates, inspection counts, fees (M1) and staff load (P8). */
export function semesterReport(
  instance: Instance,
  week: Schedule['week'],
  semester: readonly SemesterDay[],
  compiled?: Template,
): SemesterReport {
  const tpl = compiled ?? compileTemplate(instance, week);
  const { staffLoad: load, ...figures } = semesterFigures(tpl, semester);
  return { ...figures, fees: semesterFees(instance, semester), staffLoad: load };
}

// ------------------------------------------------------------------------------------------------ keep

/**
 * Re-planning that keeps the plan: each date keeps the previous inspectors who may still inspect, the pattern
 * fills the rest; if that breaks P6 fairness among leaders of one availability class, the fresh pattern stands.
 */
function keptInspections(
  tpl: Template,
  dates: readonly ServiceDate[],
  planned: readonly (readonly string[])[],
  previous: readonly SemesterDay[],
  classOf: ReadonlyMap<string, string>,
): (readonly string[])[] {
  const k = tpl.policy.inspectorsPerDay;
  const before = new Map(previous.map((d) => [d.date, d.inspection] as const));
  const kept = dates.map((d, i) => {
    const p = before.get(d.date);
    if (!p) return planned[i];
    const list: string[] = [];
    for (const id of p) {
      const l = id === null ? undefined : tpl.staff.get(id);
      if (l && l.leader && mayInspect(tpl, l, d) && !list.includes(l.id) && list.length < k) list.push(l.id);
    }
    for (const id of planned[i]) if (list.length < k && !list.includes(id)) list.push(id);
    return list;
  });
  // P6 fairness within each class of unpinned leaders with the same availability
  const count = new Map<string, number>();
  for (const list of kept) for (const id of list) count.set(id, (count.get(id) ?? 0) + 1);
  const spread = new Map<string, [number, number]>();
  for (const l of inspectionLeaders(tpl)) {
    if (l.inspectionDays.size > 0) continue;
    const key = classOf.get(l.id) ?? l.id;
    const c = count.get(l.id) ?? 0;
    const [lo, hi] = spread.get(key) ?? [Infinity, -Infinity];
    spread.set(key, [Math.min(lo, c), Math.max(hi, c)]);
  }
  for (const [lo, hi] of spread.values()) if (hi - lo > 1) return planned.map((x) => x);
  return kept;
}

/** Re-planning that keeps the plan: the previous substitute of a duty on a date is tried first, then `stay`'s. */
function keepSubstitutes(previous: readonly SemesterDay[], stay: StayHook): StayHook {
  const before = new Map<string, string>();
  for (const day of previous) {
    for (const e of day.substitutions) {
      if (e.to === null || 'latePickup' in e) continue;
      before.set(`${day.date}|${'group' in e ? groupBlockDuty(e.group, e.block) : clubDuty(e.club)}`, e.to);
    }
  }
  return {
    candidates(state, absentee, duties, ctx) {
      const first = before.get(`${state.date}|${duties[0].key}`);
      const same = first !== undefined && duties.every((d) => before.get(`${state.date}|${d.key}`) === first);
      const rest = stay.candidates(state, absentee, duties, ctx);
      return same ? [first, ...rest.filter((x) => x !== first)] : rest;
    },
    took: stay.took,
  };
}
