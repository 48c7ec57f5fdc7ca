// The planner (排班): a valid instance → the weekly template (groups, clubs, rooms, staff cover, late pickup)
// and, unless switched off, the dated semester. Stages run in order over the compiled instance:
// compile → groups → group rooms → club days → club assignment → club rooms → staff cover → semester → report.
// Never throws for a school that cannot be fully served: unplaced students and shortfalls are in the schedule.
import type { Instance, Schedule } from '../model/schema.js';
import { DEFAULT_SOLVE_OPTIONS, type SolveOptions, type SolveResult, type SolveStatus } from './api.js';
import { compile, type Compiled } from './compile.js';
import { planClubStage } from './week/club-stage.js';
import { advise } from './week/advice.js';
import { planCover } from './cover/index.js';
import { buildDuties } from './week/duties.js';
import { planGroups } from './week/groups.js';
import { buildSchedule, type PlanState } from './week/schedule.js';
import { planGroupRooms } from './week/rooms.js';
import { planSemester } from './semester/plan.js';

export type { SolveOptions, SolveResult, SolveStatus } from './api.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Plan a valid instance. Synchronous; same instance + seed → byte-identical schedule apart from report.timingsMs
 * and report.solveMs. */
export function solve(instance: Instance, options: SolveOptions = {}): SolveResult {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SolveOptions;
  const opts = { ...DEFAULT_SOLVE_OPTIONS, ...given };
  const t0 = performance.now();
  const wall0 = Date.now();
  const timings: Record<string, number> = {};
  const st: Mutable<PlanState> = {};
  const stages = opts.semester ? 6 : 5;
  let done = 0;
  const run = <T>(name: string, fn: () => T): T => {
    const s = performance.now();
    const r = fn();
    timings[name] = Math.round((performance.now() - s) * 10) / 10;
    done++;
    options.onProgress?.({ stage: name, fraction: Math.min(1, done / stages) });
    return r;
  };
  const cancelled = (): boolean => options.signal?.aborted === true;
  const finish = (status: SolveStatus, c: Compiled, extra?: (s: Schedule) => void): SolveResult => {
    const schedule = buildSchedule(c, st, {
      status,
      seed: opts.seed,
      timingsMs: timings,
      solveMs: Math.round((performance.now() - t0) * 10) / 10,
    });
    extra?.(schedule);
    // advice (建议): demand against seats and cover changes always; extra club sections (each re-optimises the
    // club stage) only when asked (`advice: true`, `kehou advise`)
    if (st.clubs) (schedule.report as Record<string, unknown>).advice = advise(instance, schedule, { sections: opts.advice });
    // keep every timing at the end of the report, after the semester figures
    const { timingsMs, ...rest } = schedule.report as Record<string, unknown>;
    delete rest.solveMs;
    schedule.report = { ...rest, timingsMs, solveMs: Math.round((performance.now() - t0) * 10) / 10 };
    return { status, schedule };
  };

  const c = run('compile', () => compile(instance));
  if (cancelled()) return finish('cancelled', c);
  st.groups = run('groups', () => planGroups(c));
  if (cancelled()) return finish('cancelled', c);
  st.groupRooms = run('groupRooms', () => planGroupRooms(c, st.groups!.groups));
  if (cancelled()) return finish('cancelled', c);
  // the club stage (days, rooms, leaders, members as one optimisation). The cover stage then staffs every duty,
  // club leaders included, choosing among all qualified staff (the leader choice does not change clubCost, so it
  // is the cover objectives' to make). Should it leave a club without a leader, the clubs keep the leaders the
  // club stage found (a feasible choice for all of them); should a club still be left without one (coverage first:
  // a group block needed that person), it does not run and both stages run again (docs/clubs.md).
  const budgetMs = Math.max(0, opts.timeLimit) * 1000;
  const exclude = new Map<number, string>();
  let pinLeaders = false;
  for (;;) {
    const stage = run('clubs', () => planClubStage(c, st.groups!.groups, st.groupRooms!.use, { exclude }));
    st.clubStage = stage;
    st.clubDays = stage.days;
    st.clubs = stage.assignment;
    st.clubRoom = stage.room;
    if (cancelled()) return finish('cancelled', c);
    // pinned leaders (clubs[].leader) always hold their club; the others only once the cover stage needed it
    const { duties, index } = buildDuties(c, st.groups.groups, stage.assignment.running, stage.days.mask, pinLeaders ? stage.leader : stage.pinnedLeader);
    st.duties = duties;
    st.dutyIndex = index;
    if (cancelled()) return finish('cancelled', c);
    st.cover = run('cover', () => planCover(instance, duties, { seed: opts.seed, deadline: wall0 + budgetMs * 0.85 }));
    const lost: number[] = [];
    for (let j = 0; j < c.nClubs; j++) if (stage.assignment.running[j] && st.cover.holder[index.club[j]] < 0) lost.push(j);
    if (lost.length === 0) break; // terminates: after the first round every round closes at least one more club
    if (!pinLeaders) {
      pinLeaders = true;
      continue;
    }
    for (const j of lost) {
      const who = instance.staff[stage.leader[j]]?.name ?? '';
      exclude.set(j, `${instance.clubs![c.clubSrc[j]].name}：指导教师${who}在社团时段需承担看护班值守（值班覆盖优先），无其他可用的指导教师，未开设`);
    }
  }
  const status: SolveStatus = st.cover!.status === 'timedout' ? 'timedout' : st.clubs!.optimal && st.cover!.status === 'optimal' ? 'optimal' : 'feasible';
  if (!opts.semester) return finish(status, c);
  if (cancelled()) return finish('cancelled', c);
  // the semester runs on the finished weekly template
  const week = buildSchedule(c, st, { status, seed: opts.seed, timingsMs: {}, solveMs: 0 }).week;
  const sem = run('semester', () => planSemester(instance, week, { seed: opts.seed }));
  return finish(status, c, (schedule) => {
    schedule.semester = sem.semester;
    schedule.shortfalls = [...(schedule.shortfalls ?? []), ...sem.shortfalls];
    const report = schedule.report as Record<string, unknown>;
    report.semester = sem.report;
    const counts = report.counts as Record<string, number>;
    counts.shortfalls = schedule.shortfalls.length;
  });
}
