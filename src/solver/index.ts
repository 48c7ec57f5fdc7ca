// The planner (排班): a valid instance → the weekly template (groups, clubs, rooms, staff cover, late pickup)
// and, unless switched off, the dated semester. Stages run in order over the compiled instance:
// compile → groups → group rooms → club days → club assignment → club rooms → staff cover → semester → report.
// Never throws for a school that cannot be fully served: unplaced students and shortfalls are in the schedule.
import type { Instance, Schedule } from '../model/schema.js';
import { DEFAULT_SOLVE_OPTIONS, type SolveOptions, type SolveResult, type SolveStatus } from './api.js';
import { compile, type Compiled } from './compile.js';
import { assignClubs, chooseClubDays } from './week/clubs.js';
import { planCover } from './cover/index.js';
import { buildDuties } from './week/duties.js';
import { planGroups } from './week/groups.js';
import { buildSchedule, type PlanState } from './week/schedule.js';
import { fitClubRooms, planGroupRooms } from './week/rooms.js';
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
  const stages = opts.semester ? 8 : 7;
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
  st.clubDays = run('clubDays', () => chooseClubDays(c, st.groupRooms!.use));
  if (cancelled()) return finish('cancelled', c);
  st.clubs = run('clubAssignment', () => assignClubs(c, st.clubDays!));
  timings.clubFlow = Math.round(st.clubs.flowMs * 10) / 10;
  timings.clubCertificate = Math.round(st.clubs.verifyMs * 10) / 10;
  if (cancelled()) return finish('cancelled', c);
  st.clubRoom = run('clubRooms', () => {
    const sizes = Int32Array.from(st.clubs!.members, (m) => m.length);
    return fitClubRooms(c, st.groupRooms!.use, st.clubDays!.mask, sizes, st.clubs!.running, st.clubDays!.room);
  });
  const { duties, index } = buildDuties(c, st.groups.groups, st.clubs.running, st.clubDays.mask);
  st.duties = duties;
  st.dutyIndex = index;
  if (cancelled()) return finish('cancelled', c);
  const budgetMs = Math.max(0, opts.timeLimit) * 1000;
  st.cover = run('cover', () => planCover(instance, duties, { seed: opts.seed, deadline: wall0 + budgetMs * 0.85 }));

  const status: SolveStatus = st.cover.status === 'timedout' ? 'timedout' : st.clubs.optimal && st.cover.status === 'optimal' ? 'optimal' : 'feasible';
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
