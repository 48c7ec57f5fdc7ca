// W1 substitutes that stay (代课老师): a school names one substitute for a leave, not a new face every day. For each
// duty (a group's afternoon on its weekday, a club session, a late-pickup turn) of a staff member on leave, the
// first date of the leave picks the substitute for the whole leave: a colleague who is qualified and free on every
// date of the leave that runs this duty (not on leave, not inspecting, no own duty at that time, not already the
// staying substitute of another duty then) — the best grade fit among them, then the lightest load (fairness); when
// nobody is free on all of them, the one free on most. Every later date of the leave gives the duty to that person
// when they can take it; otherwise to the one who took it last time (long runs), and only then to a new colleague.
import type { ServiceDate } from '../../model/calendar.js';
import {
  affinity,
  hash32,
  qualifiedFor,
  onLeave,
  type ChooseContext,
  type DayState,
  type DutyRef,
  type StaffInfo,
  type StayHook,
  type Template,
} from './substitute.js';

type Booking = { readonly dates: ReadonlySet<string>; readonly start: number; readonly end: number };

/** The memory of one semester run (or one what-if): the staying substitute of every leave duty. */
export type StayPlan = {
  readonly dates: readonly ServiceDate[];
  /** the inspectors of a date, when known in advance (planned pattern, or the semester being re-planned) */
  readonly inspectors: (date: string) => ReadonlySet<string> | undefined;
  /** leave duty key → the substitute for the whole leave */
  readonly primary: Map<string, string | null>;
  /** leave duty key → whoever took it last (for runs when the primary cannot) */
  readonly last: Map<string, string>;
  /** staff → the dates and times they are the staying substitute */
  readonly booked: Map<string, Booking[]>;
};

export function newStayPlan(dates: readonly ServiceDate[], inspectors: (date: string) => ReadonlySet<string> | undefined): StayPlan {
  return { dates, inspectors, primary: new Map(), last: new Map(), booked: new Map() };
}

/** The leave range of `staff` containing `date`, if any. */
function leaveRange(tpl: Template, staff: string, date: string): { from: string; to: string } | undefined {
  for (const r of tpl.leave.get(staff) ?? []) if (r.from <= date && date <= r.to) return r;
  return undefined;
}

/** The key of a duty bundle of an absentee within one leave: `staff|from|weekday|first duty`; undefined off leave. */
export function stayKey(state: DayState, absentee: string, duties: readonly DutyRef[]): string | undefined {
  const r = leaveRange(state.tpl, absentee, state.date);
  return r === undefined ? undefined : `${absentee}|${r.from}|${state.as}|${duties.map((d) => d.key).join('+')}`;
}

/** Is `info` free of their own template duties during these duties on this weekday (the same every week)? */
function freeInTemplate(state: DayState, info: StaffInfo, duties: readonly DutyRef[]): boolean {
  for (const own of state.day.byHolder.get(info.id) ?? []) {
    for (const d of duties) if (own.key !== d.key && own.start < d.end && d.start < own.end) return false;
  }
  return true;
}

/** Pick (and book) the staying substitute of a leave duty bundle (see the file header); null when nobody can. */
export function choosePrimary(state: DayState, plan: StayPlan, absentee: string, duties: readonly DutyRef[], ctx: ChooseContext): string | null {
  const tpl = state.tpl;
  const range = leaveRange(tpl, absentee, state.date)!;
  const dates = plan.dates.filter((d) => d.as === state.as && d.date >= state.date && range.from <= d.date && d.date <= range.to).map((d) => d.date);
  const start = Math.min(...duties.map((d) => d.start));
  const end = Math.max(...duties.map((d) => d.end));
  let best: { info: StaffInfo; key: number[]; free: string[] } | undefined;
  for (const info of qualifiedFor(tpl, duties[0], state.as)) {
    if (info.id === absentee || ctx.exclude?.has(info.id)) continue;
    if (!duties.every((d) => qualifiedFor(tpl, d, state.as).includes(info))) continue;
    if (!freeInTemplate(state, info, duties)) continue;
    const booked = plan.booked.get(info.id) ?? [];
    const free = dates.filter(
      (date) =>
        !onLeave(tpl, info.id, date) &&
        !plan.inspectors(date)?.has(info.id) &&
        !booked.some((b) => b.dates.has(date) && b.start < end && start < b.end),
    );
    if (free.length === 0) continue;
    const fit = Math.max(...duties.map((d) => affinity(info, d)));
    // continuity: already the staying substitute of another block of the same group on this weekday
    const sibling = duties[0].group !== undefined && [...(state.day.byHolder.get(absentee) ?? [])].some(
      (o) => o.group === duties[0].group && o.key !== duties[0].key && plan.primary.get(`${absentee}|${range.from}|${state.as}|${o.key}`) === info.id,
    );
    const key = [
      free.length === dates.length ? 0 : 1,
      -free.length,
      fit,
      sibling ? 0 : 1,
      ctx.load.subMinutes.get(info.id) ?? 0,
      tpl.weeklyMinutes.get(info.id) ?? 0,
      hash32(ctx.seed, `stay|${absentee}|${info.id}`),
      info.index,
    ];
    if (!best || less(key, best.key)) best = { info, key, free };
  }
  if (!best) return null;
  const list = plan.booked.get(best.info.id) ?? [];
  list.push({ dates: new Set(best.free), start, end });
  plan.booked.set(best.info.id, list);
  return best.info.id;
}

/** The hook the substitute chooser calls (substitute.ts `ChooseContext.stay`): the staying substitute first, then
 * the last one to take the duty; and it records who took it. */
export function stayHook(plan: StayPlan): StayHook {
  return {
    candidates(state, absentee, duties, ctx) {
      const key = stayKey(state, absentee, duties);
      if (key === undefined) return [];
      if (!plan.primary.has(key)) plan.primary.set(key, choosePrimary(state, plan, absentee, duties, ctx));
      const out: string[] = [];
      const primary = plan.primary.get(key);
      if (primary) out.push(primary);
      const last = plan.last.get(key);
      if (last !== undefined && last !== primary) out.push(last);
      return out;
    },
    took(state, absentee, duties, staff) {
      const key = stayKey(state, absentee, duties);
      if (key !== undefined) plan.last.set(key, staff);
    },
  };
}

const less = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};
