// W1 what-if: re-plan only what a new leave touches. In 'substitutes' mode the weekly template stays
// byte-identical, every earlier substitution stays, and only the leave's own duties (and an inspection
// whose leader is on leave, with that replacement leader's duties) get new holders. A leave over the whole
// semester may instead re-plan the weekly template ('template' mode), changing only the absent person's
// template duties. (A leave from mid-semester to the end keeps the template: the format records a dated change
// only for a holder on leave or inspecting, so the dates before the leave could not keep their real holder.)
import { WEEKDAY_ZH } from '../../model/clock.js';
import { inspectionDuty, isInspectionDuty } from '../../model/duty-keys.js';
import type { Instance, Leave, Report, Schedule, SemesterDay, Shortfall, Substitution, WeekdayName, WhatIfReport } from '../../model/schema.js';
import { serviceDates } from '../../model/calendar.js';
import { newStayPlan, stayHook } from './stay.js';
import { leaveReports } from './leave-report.js';
import { overlaps } from '../rules.js';
import {
  entryDuty,
  fairnessClasses,
  inspectionLeaders,
  loadFromSemester,
  mayInspect,
  noInspectorReason,
  planSemester,
  rankInspectors,
  semesterFigures,
  substitutionEntry,
} from './plan.js';
import {
  assign,
  canTake,
  compileSchool,
  compileTemplate,
  coverAbsentees,
  dayTemplate,
  dutiesOf,
  dutyLabel,
  hash32,
  holderOf,
  isFree,
  newDayState,
  onLeave,
  substitute,
  type ChooseContext,
  type DayState,
  type DayTemplate,
  type DutyRef,
  type StaffInfo,
  type Template,
} from './substitute.js';

/** One changed duty: on `date`, `duty` (docs/decisions.md "Duty strings", or `inspection <date> #<n>`) moves from → to. */
export type Change = {
  readonly date: string;
  readonly duty: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly reason?: string;
  /** template changes: the weekday whose timetable changed (from `date` on) */
  readonly day?: WeekdayName;
};

export type WhatIfMode = 'substitutes' | 'template';

export type WhatIfOptions = {
  readonly seed?: number;
  /** auto/template: re-plan the weekly template for a leave covering every service date; otherwise dated substitutes */
  readonly mode?: 'auto' | WhatIfMode;
};

export const DEFAULT_WHATIF_OPTIONS: Required<WhatIfOptions> = { seed: 1, mode: 'auto' };

export type WhatIfResult = {
  readonly schedule: Schedule;
  readonly changes: Change[];
  readonly mode: WhatIfMode;
  /** planning time in ms (timing only) */
  readonly planMs: number;
};

type DayWork = {
  readonly state: DayState;
  /** the weekday template the date ran on before (differs from state.day in template mode) */
  readonly oldDay: DayTemplate;
  /** holders that differed from the template before the what-if (key → holder) */
  readonly before: Map<string, string | null>;
  inspection: (string | null)[];
};

/** Effective state of one semester day: template + the day's existing substitutions + its inspectors. */
function loadDay(tpl: Template, day: SemesterDay): DayState {
  const state = newDayState(tpl, day.date, day.as);
  for (const e of day.substitutions) {
    const d = entryDuty(state.day, e);
    if (d) assign(state, d, e.to, e.reason);
  }
  for (const i of day.inspection) if (i !== null && !state.absent.has(i)) state.absent.set(i, 'inspection');
  return state;
}

/** The date's holders before the what-if: a copy of its overrides (every other duty is with its template holder). */
const snapshot = (state: DayState): Map<string, string | null> => new Map(state.override);

/** W1: the day's new substitution list: earlier entries in place (updated only if their duty moved), new ones appended.
 * `oldDay` is the weekday template the original entries refer to. */
function rewriteEntries(state: DayState, original: readonly Substitution[], oldDay: DayTemplate): Substitution[] {
  const out: Substitution[] = [];
  const seen = new Set<string>();
  for (const e of original) {
    const old = entryDuty(oldDay, e);
    const d = old ? state.day.byKey.get(old.key) : undefined;
    if (!d) {
      out.push(e);
      continue;
    }
    seen.add(d.key);
    if (!state.override.has(d.key)) continue; // back with its template holder
    const to = state.override.get(d.key) ?? null;
    if (to === e.to && e.from === d.holder) {
      out.push(e);
      continue;
    }
    const { reason: _dropped, ...rest } = e as Substitution & { reason?: string };
    void _dropped;
    const updated = { ...rest, from: d.holder, to };
    out.push((to === null ? { ...updated, reason: state.nullReason.get(d.key) ?? '无人可代' } : updated) as Substitution);
  }
  for (const d of state.day.duties) {
    if (seen.has(d.key) || !state.override.has(d.key)) continue;
    out.push(substitutionEntry(d, state.override.get(d.key) ?? null, state.nullReason.get(d.key)));
  }
  return out;
}

const label = (tpl: Template, id: string | null): string => {
  if (id === null) return '（无人）';
  const s = tpl.staff.get(id);
  return s ? `${s.staff.name}（${id}）` : id;
};

/** Move an inspection away from a leader on leave (P6), keeping the class fairness and avoiding neighbours. */
function moveInspections(
  work: DayWork,
  persons: ReadonlySet<string>,
  tpl: Template,
  ins: { classOf: ReadonlyMap<string, string>; counts: Map<string, number>; seed: number },
  neighbours: ReadonlySet<string>,
  ctx: ChooseContext,
  changes: Change[],
  shortfalls: Shortfall[],
): string[] {
  const state = work.state;
  const d = { date: state.date, as: state.as };
  const moved: string[] = [];
  work.inspection = work.inspection.map((who, i) => {
    if (who === null || !persons.has(who)) return who;
    ins.counts.set(who, (ins.counts.get(who) ?? 0) - 1);
    const picked = new Set(work.inspection.filter((x): x is string => x !== null));
    const pool = inspectionLeaders(tpl).filter((l) => mayInspect(tpl, l, d) && !picked.has(l.id) && !state.absent.has(l.id));
    const best = rankInspectors(state, pool, ins, neighbours, picked, ctx)[0];
    const reason = `${label(tpl, who)} 请假`;
    if (!best) {
      const why = noInspectorReason(tpl, d, picked.size - 1);
      changes.push({ date: state.date, duty: inspectionDuty(state.date, i + 1), from: who, to: null, reason: why });
      shortfalls.push({ day: state.as, date: state.date, duty: inspectionDuty(state.date, i + 1), reason: why });
      return null;
    }
    ins.counts.set(best.id, (ins.counts.get(best.id) ?? 0) + 1);
    state.absent.set(best.id, 'inspection');
    changes.push({ date: state.date, duty: inspectionDuty(state.date, i + 1), from: who, to: best.id, reason });
    moved.push(best.id);
    return best.id;
  });
  return moved;
}

/** Duty changes of one day (effective holder before → after), except those `skip` explains. */
function dayChanges(work: DayWork, tpl: Template, skip?: (key: string, from: string | null, to: string | null) => boolean): Change[] {
  const out: Change[] = [];
  const state = work.state;
  for (const d of state.day.duties) {
    const before = work.before.has(d.key) ? (work.before.get(d.key) ?? null) : (work.oldDay.byKey.get(d.key)?.holder ?? d.holder);
    const after = holderOf(state, d);
    if (before === after || skip?.(d.key, before, after)) continue;
    const cause = before !== null ? state.absent.get(before) : undefined;
    const reason =
      after === null
        ? state.nullReason.get(d.key)
        : cause === 'inspection'
          ? `${label(tpl, before)} 行政巡视`
          : cause === 'leave'
            ? `${label(tpl, before)} 请假`
            : undefined;
    out.push({ date: state.date, duty: d.key, from: before, to: after, ...(reason ? { reason } : {}) });
  }
  return out;
}

/** Reconcile a day's shortfalls with its new holders: the existing ones that still hold (same objects, same order)
 * and the new nulls. */
function dayShortfalls(state: DayState, existing: readonly Shortfall[]): { kept: Shortfall[]; added: Shortfall[] } {
  const kept: Shortfall[] = [];
  const added: Shortfall[] = [];
  const present = new Set<string>();
  for (const s of existing) {
    const d = state.day.byKey.get(s.duty);
    if (d && holderOf(state, d) !== null && d.holder !== null) continue; // covered now
    kept.push(s);
    present.add(s.duty);
  }
  for (const d of state.day.duties) {
    if (!state.override.has(d.key) || state.override.get(d.key) !== null || present.has(d.key)) continue;
    added.push({ day: state.as, date: state.date, duty: d.key, reason: state.nullReason.get(d.key) ?? '无人可代' });
  }
  return { kept, added };
}

/** Does this leave cover every service date of the semester (so the weekly template itself can change)? */
function wholeSemester(l: Leave, semester: readonly SemesterDay[]): boolean {
  return semester.length > 0 && l.from <= semester[0].date && l.to >= semester[semester.length - 1].date;
}

/** Re-plan the template duties of `person` (template mode): one new holder per group bundle / club, fewest changes. */
function replanTemplate(
  tpl: Template,
  week: Schedule['week'],
  person: string,
  away: ReadonlySet<string>,
  semester: readonly SemesterDay[],
  seed: number,
): { week: Schedule['week']; moves: { duty: DutyRef; to: string }[] } | null {
  const states = new Map<WeekdayName, DayState>();
  const stateOf = (day: WeekdayName): DayState => {
    let s = states.get(day);
    if (!s) {
      s = newDayState({ ...tpl, leave: new Map() }, '', day);
      for (const a of away) s.absent.set(a, 'leave');
      states.set(day, s);
    }
    return s;
  };
  // dates on which a candidate is away (leave or inspection), per weekday
  const awayDates = new Map<string, number>();
  for (const d of semester) {
    const gone = new Set<string>(d.inspection.filter((x): x is string => x !== null));
    for (const [s] of tpl.leave) if (onLeave(tpl, s, d.date)) gone.add(s);
    for (const s of gone) awayDates.set(`${s}|${d.as}`, (awayDates.get(`${s}|${d.as}`) ?? 0) + 1);
  }
  const added = new Map<string, number>();
  const cap = (info: StaffInfo): number =>
    info.staff.maxPeriodsPerWeek === undefined ? Infinity : info.staff.maxPeriodsPerWeek * tpl.lessonMinutes;
  const ctx: ChooseContext = { seed, load: { subMinutes: new Map() } };
  const moves: { duty: DutyRef; to: string }[] = [];
  const chosenFor = new Map<string, Set<string>>();
  const classKey = (duties: readonly DutyRef[]): string => duties[0].kind + '|' + (duties[0].classes.join(',') || duties[0].key);
  // bundles: every block of one group on its day; a club on all of its days together; each late pickup
  const work: { days: WeekdayName[]; duties: DutyRef[] }[] = [];
  const clubWork = new Map<string, { days: WeekdayName[]; duties: DutyRef[] }>();
  for (const [day, dt] of tpl.days) {
    const mine = dt.byHolder.get(person) ?? [];
    const groups = new Map<string, DutyRef[]>();
    for (const d of mine) {
      if (d.kind === 'club') {
        const w = clubWork.get(d.key) ?? { days: [], duties: [] };
        w.days.push(day);
        w.duties.push(d);
        if (!clubWork.has(d.key)) {
          clubWork.set(d.key, w);
          work.push(w);
        }
      } else if (d.kind === 'group') {
        const list = groups.get(d.group ?? '') ?? [];
        if (list.length === 0) work.push({ days: [day], duties: list });
        list.push(d);
        groups.set(d.group ?? '', list);
      } else work.push({ days: [day], duties: [d] });
    }
  }
  for (const w of work) {
    const minutes = w.duties.reduce((s, d) => s + d.end - d.start, 0);
    const scored: { info: StaffInfo; score: number[] }[] = [];
    for (const info of tpl.staffOrder) {
      if (info.id === person || away.has(info.id)) continue;
      if ((tpl.weeklyMinutes.get(info.id) ?? 0) + (added.get(info.id) ?? 0) + minutes > cap(info)) continue;
      const ok = w.duties.every((d) => canTake(stateOf(d.day), info, [d], ctx) && isFree(stateOf(d.day), info.id, w.duties.filter((x) => x.day === d.day)));
      if (!ok) continue;
      const aff = Math.max(
        ...w.duties.map((d) => (d.classes.some((c) => info.homeroomOf.has(c)) ? 0 : d.grades.some((g) => info.grades.has(g)) ? 1 : 2)),
      );
      const conflicts = w.days.reduce((s, day) => s + (awayDates.get(`${info.id}|${day}`) ?? 0), 0);
      // the same classes keep the same new teacher on every weekday when possible
      const reuse = chosenFor.get(classKey(w.duties))?.has(info.id) ? 0 : 1;
      scored.push({
        info,
        score: [aff, reuse, conflicts, (tpl.weeklyMinutes.get(info.id) ?? 0) + (added.get(info.id) ?? 0), hash32(seed, `template|${info.id}`), info.index],
      });
    }
    scored.sort((a, b) => {
      for (let i = 0; i < a.score.length; i++) if (a.score[i] !== b.score[i]) return a.score[i] - b.score[i];
      return 0;
    });
    const best = scored[0];
    if (!best) return null;
    for (const d of w.duties) {
      assign(stateOf(d.day), d, best.info.id);
      moves.push({ duty: d, to: best.info.id });
    }
    const ck = classKey(w.duties);
    chosenFor.set(ck, (chosenFor.get(ck) ?? new Set()).add(best.info.id));
    added.set(best.info.id, (added.get(best.info.id) ?? 0) + minutes);
  }
  // the new week: only the moved duties' holders change
  const newHolder = new Map<string, string>();
  for (const m of moves) newHolder.set(`${m.duty.day}|${m.duty.key}`, m.to);
  const newWeek: Schedule['week'] = {
    clubs: week.clubs.map((c) => {
      const to = c.days.map((day) => newHolder.get(`${day}|club ${c.club}`)).find((x) => x !== undefined);
      return to !== undefined && c.staff === person ? { ...c, staff: to } : c;
    }),
    groups: week.groups.map((g) => {
      if (!g.cover.includes(person)) return g;
      return { ...g, cover: g.cover.map((h, i) => (h === person ? (newHolder.get(`${g.day}|group ${g.id} block ${i}`) ?? h) : h)) };
    }),
    duties: (() => {
      const count = new Map<WeekdayName, number>();
      return week.duties.map((d) => {
        if (d.kind !== 'latePickup') return d;
        const n = (count.get(d.day) ?? 0) + 1;
        count.set(d.day, n);
        const to = newHolder.get(`${d.day}|latePickup ${d.day} #${n}`);
        return to !== undefined && d.staff === person ? { ...d, staff: to } : d;
      });
    })(),
  };
  return { week: newWeek, moves };
}

type TemplateMove = { readonly duty: DutyRef; readonly from: string; readonly to: string };

/**
 * Template mode: one date read on the new template. Existing entries keep their `to` where still needed; a moved
 * duty goes to its new template holder unless that person is away that date (then the earlier substitute, or a new
 * one); when the new holder is busy with a substitution they took that date, that substitution moves instead.
 */
function rereadOnNewTemplate(tpl: Template, day: SemesterDay, old: DayState, moved: ReadonlyMap<string, TemplateMove>, ctx: ChooseContext): DayState {
  const state = newDayState(tpl, day.date, day.as);
  for (const who of day.inspection) if (who !== null && !state.absent.has(who)) state.absent.set(who, 'inspection');
  for (const e of day.substitutions) {
    const d = entryDuty(old.day, e);
    const nd = d ? state.day.byKey.get(d.key) : undefined;
    if (nd) assign(state, nd, e.to, e.reason);
  }
  for (const d of state.day.duties) {
    if (!moved.has(`${day.as}|${d.key}`) || d.holder === null) continue;
    const earlier = state.override.has(d.key) ? (state.override.get(d.key) ?? null) : undefined;
    if (earlier !== undefined) assign(state, d, d.holder); // release; the new holder takes it if they can
    const holder = d.holder;
    if (state.absent.has(holder)) {
      if (earlier && !state.absent.has(earlier) && isFree(state, earlier, [d])) assign(state, d, earlier);
      else substitute(state, [d], { ...ctx, exclude: new Set([holder]) });
      continue;
    }
    // the new holder is here: anything they took over that clashes goes to somebody else
    const clash = (state.extra.get(holder) ?? []).filter((x) => x.key !== d.key && overlaps(x.start, x.end, d.start, d.end));
    for (const x of clash) substitute(state, [x], { ...ctx, exclude: new Set([holder]) });
  }
  return state;
}

/**
 * W1: apply new leave to a planned schedule. Returns the new schedule, the list of changes and the mode used.
 * Staff ids in `leave` must exist in the instance (the CLI checks; unknown ones are ignored here).
 */
export function whatIf(instance: Instance, schedule: Schedule, leave: readonly Leave[], options: WhatIfOptions = {}): WhatIfResult {
  const t0 = performance.now();
  const opts = { ...DEFAULT_WHATIF_OPTIONS, ...options };
  const known = new Set(instance.staff.map((s) => s.id));
  const newLeave = leave.filter((l) => known.has(l.staff) && l.from <= l.to);
  let semester: readonly SemesterDay[];
  let shortfalls: Shortfall[] = [...(schedule.shortfalls ?? [])];
  let baseReport = schedule.report;
  // the school's part of every template below, compiled once (only the week is decoded again when it changes)
  const school = compileSchool(instance);
  if (schedule.semester) semester = schedule.semester;
  else {
    // a schedule planned without its semester: plan it first (same seed), then apply the leave
    const planned = planSemester(instance, schedule.week, { seed: opts.seed, school });
    semester = planned.semester;
    shortfalls = [...shortfalls, ...planned.shortfalls];
    baseReport = { ...schedule.report, semester: planned.report };
  }
  const tplOld = compileTemplate(instance, schedule.week, newLeave, school);
  // template mode: a leave over the whole semester may move the person's weekly duties for good
  let week = schedule.week;
  const templateMoves: TemplateMove[] = [];
  let note: string | undefined;
  // the template of the current week (the school's week, then each re-planned week)
  let current = tplOld;
  if (opts.mode !== 'substitutes') {
    const people = [...new Set(newLeave.filter((l) => wholeSemester(l, semester)).map((l) => l.staff))];
    const away = new Set(people);
    for (const person of people) {
      const re = replanTemplate(current, week, person, away, semester, opts.seed);
      if (!re) continue; // nobody can take it over every week: dated substitutes instead
      week = re.week;
      for (const m of re.moves) templateMoves.push({ ...m, from: person });
      current = compileTemplate(instance, week, newLeave, school);
    }
    if (opts.mode === 'template' && templateMoves.length === 0) {
      // said first, in the office's words: when (which leave, which dates) and why the template stays
      const first = semester[0]?.date ?? '';
      const last = semester[semester.length - 1]?.date ?? '';
      const who = newLeave.map((l) => `${tplOld.staff.get(l.staff)?.staff.name ?? l.staff}（${l.from}..${l.to}）`).join('、');
      note = people.length === 0
        ? `未调整每周模板，改为逐日代课：${who} 的请假没有覆盖学期全部服务日（${first} 至 ${last}），请假前的日期仍由原教师上课，模板一改就会改动这些日期；每项任务尽量由同一位代课教师承担`
        : `未调整每周模板，改为逐日代课：没有人能在每周同一时间接替 ${who} 的全部任务；每项任务尽量由同一位代课教师承担`;
    }
  }
  const mode: WhatIfMode = templateMoves.length > 0 ? 'template' : 'substitutes';
  // the template of the final week: built above, not compiled again
  const tpl = mode === 'template' ? current : tplOld;
  // fairness classes are only needed when an inspection moves: computed on first use
  let classes: Map<string, string> | undefined;
  const ins = {
    get classOf(): ReadonlyMap<string, string> {
      classes ??= fairnessClasses(tpl, semester);
      return classes;
    },
    counts: new Map<string, number>(),
    seed: opts.seed,
  };
  for (const d of semester) for (const i of d.inspection) if (i !== null) ins.counts.set(i, (ins.counts.get(i) ?? 0) + 1);
  // W1 substitutes that stay: one substitute per duty of the new leave when someone is free on all its dates
  const inspectorsOn = new Map(semester.map((d) => [d.date, new Set(d.inspection.filter((x): x is string => x !== null))] as const));
  const stay = stayHook(newStayPlan(semester.map((d) => ({ date: d.date, as: d.as })), (date) => inspectorsOn.get(date)));
  const ctx: ChooseContext = { seed: opts.seed, load: loadFromSemester(tplOld, semester), stay };
  const changes: Change[] = [];
  const moved = new Map<string, TemplateMove>();
  for (const m of templateMoves) {
    moved.set(`${m.duty.day}|${m.duty.key}`, m);
    const first = semester.find((d) => d.as === m.duty.day);
    changes.push({
      date: first?.date ?? semester[0]?.date ?? '',
      day: m.duty.day,
      duty: m.duty.key,
      from: m.from,
      to: m.to,
      reason: `${label(tpl, m.from)} 整学期请假，调整每周模板`,
    });
  }
  const movedDays = new Set(templateMoves.map((m) => m.duty.day));
  const newSemester = semester.slice();
  const touchedDates = new Set<string>();
  const newShort: Shortfall[] = [];
  const keptShort = new Set<Shortfall>();
  for (let i = 0; i < semester.length; i++) {
    const day = semester[i];
    const persons = new Set(newLeave.filter((l) => l.from <= day.date && day.date <= l.to).map((l) => l.staff));
    const templateHere = movedDays.has(day.as);
    if (persons.size === 0 && !templateHere) continue;
    touchedDates.add(day.date);
    const old = loadDay(tplOld, day);
    const state = templateHere ? rereadOnNewTemplate(tpl, day, old, moved, ctx) : old;
    const work: DayWork = { state, oldDay: old.day, before: snapshot(old), inspection: day.inspection.slice() };
    const prev = i > 0 ? newSemester[i - 1].inspection : [];
    const next = i + 1 < semester.length ? semester[i + 1].inspection : [];
    const neighbours = new Set([...prev, ...next].filter((x): x is string => x !== null));
    const replacements = moveInspections(work, persons, tpl, ins, neighbours, ctx, changes, newShort);
    const cover = [...persons, ...replacements].filter((s) => dutiesOf(state, s).length > 0);
    coverAbsentees(state, cover, ctx);
    // a moved template duty now with its new holder is the template change, not a dated one
    const skip = (key: string, _from: string | null, to: string | null): boolean => {
      const m = moved.get(`${day.as}|${key}`);
      return m !== undefined && to === m.to;
    };
    changes.push(...dayChanges(work, tpl, skip));
    newSemester[i] = { ...day, inspection: work.inspection, substitutions: rewriteEntries(state, day.substitutions, old.day) };
    const reconciled = dayShortfalls(state, shortfalls.filter((s) => s.date === day.date));
    for (const s of reconciled.kept) keptShort.add(s);
    newShort.push(...reconciled.added);
  }
  // shortfalls: every one still true stays where it was; the new ones follow
  const allShort = [...shortfalls.filter((s) => s.date === undefined || !touchedDates.has(s.date) || keptShort.has(s)), ...dedupe(newShort)];
  changes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const planMs = performance.now() - t0;
  const whatif: WhatIfReport = {
    mode,
    leave: newLeave,
    // W1: the change is listed (date, duty, from → to, reason)
    changes,
    ...(note ? { note } : {}),
    // W1 per new leave: duties, distinct substitutes, each duty's substitutes in date order
    leaves: leaveReports(tpl, newSemester, newLeave),
    planMs: Math.round(planMs * 100) / 100,
  };
  const report = updateReport(baseReport, newSemester, tpl, allShort.length, whatif);
  const out: Schedule = { ...schedule, week, semester: newSemester, shortfalls: allShort, report };
  return { schedule: out, changes, mode, planMs };
}

function dedupe(list: readonly Shortfall[]): Shortfall[] {
  const seen = new Set<string>();
  const out: Shortfall[] = [];
  for (const s of list) {
    const k = `${s.date}|${s.day}|${s.duty}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

/** The report with its semester figures recomputed and a `whatif` section added. */
function updateReport(report: Report, semester: readonly SemesterDay[], tpl: Template, shortfalls: number, whatif: WhatIfReport): Report {
  // fees do not change with staff leave; counts and loads are recomputed
  const fresh = semesterFigures(tpl, semester);
  const load = fresh.staffLoad;
  const out: Report = { ...report };
  const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
  if (isObject(out.semester)) {
    const sem = { ...out.semester };
    for (const k of ['dates', 'inspectionCounts', 'inspectionPattern', 'substitutions', 'uncovered', 'leaves', 'staffLoad']) if (k in sem) sem[k] = fresh[k];
    out.semester = sem;
    // the planner's weekly load table keeps its shape; only periodsPerWeek can change (template mode)
    if (out.staffLoad) {
      const week: NonNullable<Report['staffLoad']> = {};
      for (const [id, v] of Object.entries(out.staffLoad)) {
        week[id] = 'periodsPerWeek' in v && load[id] ? { ...v, periodsPerWeek: load[id].periodsPerWeek } : v;
      }
      out.staffLoad = week;
    }
  } else {
    out.semester = fresh;
  }
  if (out.counts && 'shortfalls' in out.counts) out.counts = { ...out.counts, shortfalls };
  out.whatif = whatif;
  return out;
}

/** A Chinese, readable list of the changes, one line each:
 * "2026-10-12（周一） mon/1-1 组第1段（作业辅导 15:30–16:10）：王芳（t001） → 李明（t009）（王芳（t001） 请假）". */
export function describeChanges(instance: Instance, week: Schedule['week'], changes: readonly Change[], mode: WhatIfMode): string[] {
  const tpl = compileTemplate(instance, week);
  const zh = WEEKDAY_ZH;
  const asOf = new Map(serviceDates(instance).map((d) => [d.date, d.as] as const));
  const lines: string[] = [];
  lines.push(mode === 'template' ? '方式：整学期请假，调整每周模板中该人员的任务（其余安排不变）' : '方式：逐日安排代课（每周模板不变，原有代课安排不变）');
  if (changes.length === 0) lines.push('没有需要调整的安排（请假日期内没有该人员的任务）。');
  for (const c of changes) {
    const as = c.day ?? asOf.get(c.date);
    let what = c.duty;
    if (isInspectionDuty(c.duty)) what = '行政巡视';
    else if (as) {
      const d = dayTemplate(tpl, as).byKey.get(c.duty);
      if (d) what = dutyLabel(d);
    }
    const when = c.day ? `自 ${c.date} 起每${zh[c.day]}` : `${c.date}（${as ? zh[as] : ''}）`;
    const reason = c.reason ? `（${c.reason}）` : '';
    lines.push(`${when} ${what}：${label(tpl, c.from)} → ${label(tpl, c.to)}${reason}`);
  }
  return lines;
}

