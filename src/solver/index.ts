// The planner (排班): a valid instance → the weekly template (groups, clubs, rooms, staff cover, late pickup)
// and, unless switched off, the dated semester. Stages run in order over the compiled instance:
// compile → groups → group rooms → club days → club assignment → club rooms → staff cover → semester → report.
// Never throws for a school that cannot be fully served: unplaced students and shortfalls are in the schedule.
// The folder: api.ts (options and status union), compile.ts (the instance as typed arrays), rules.ts (staff
// eligibility and overlap, once), export-lp.ts, and the rooms week/ (template stages), cover/ (staff cover),
// semester/ (dated plan, what-if), kernel/ (school-free engines). May import: src/model only.
import { WEEKDAYS, type Instance, type Report, type Schedule } from '../model/schema.js';
import { DEFAULT_SOLVE_OPTIONS, type SolveOptions, type SolveResult, type SolveStatus } from './api.js';
import { compile, type Compiled } from './compile.js';
import { planClubStage, type ClubStage } from './week/club-stage.js';
import { advise } from './week/advice.js';
import { planCover, type CoverDuty, type CoverResult } from './cover/index.js';
import { buildDuties } from './week/duties.js';
import { planGroups } from './week/groups.js';
import { buildSchedule, type PlanState } from './week/schedule.js';
import { planGroupRooms } from './week/rooms.js';
import { planSemester } from './semester/plan.js';
import { compileSchool } from './semester/substitute.js';
import { applyWants } from './cover/wants.js';
import { pinReports, pinWants, type PinGroup } from './cover/pins.js';
import { alignGroups, clubStageKeep, countChanges, diffSchedules, keepCoverWants, keepRooms } from './keep/index.js';
import type { Group } from './week/groups.js';

type SemesterResult = ReturnType<typeof planSemester>;

export type { SolveOptions, SolveResult, SolveStatus } from './api.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What staff pins need of the planner's groups (cover/pins.ts): id, weekday, classes and their head counts. */
function pinGroups(c: Compiled, groups: readonly Group[]): PinGroup[] {
  return groups.map((g) => {
    const sizes = g.classes.map(() => 0);
    for (const s of g.students) {
      const k = g.classes.indexOf(c.studentClass[s]);
      if (k >= 0) sizes[k]++;
    }
    return { id: g.id, day: WEEKDAYS[g.day], classes: g.classes.map((k) => c.instance.classes[k].id), classSizes: sizes };
  });
}

/** Re-planning that keeps the plan: rooms back to the previous plan's where R1 R2 allow (keep/rooms.ts), written
 * into the stage results so the report counts them. */
function keepRoomsOf(c: Compiled, st: Mutable<PlanState>, previous: Schedule, seed: number): void {
  const week = buildSchedule(c, st, { status: 'feasible', seed, timingsMs: {}, solveMs: 0 }).week;
  const kept = keepRooms(c.instance, week, previous.week).week;
  const roomIndex = new Map<string, number>();
  c.instance.rooms.forEach((r, i) => {
    if (!roomIndex.has(r.id)) roomIndex.set(r.id, i);
  });
  const groupRoom = Int32Array.from(kept.groups, (g) => (g.room === null ? -1 : (roomIndex.get(g.room) ?? -1)));
  st.groupRooms = { ...st.groupRooms!, groupRoom };
  const clubRoom = st.clubRoom!.slice();
  const clubIndex = new Map<string, number>();
  for (let j = 0; j < c.nClubs; j++) clubIndex.set(c.instance.clubs![c.clubSrc[j]].id, j);
  for (const wc of kept.clubs) {
    const j = clubIndex.get(wc.club);
    if (j !== undefined) clubRoom[j] = wc.room === null ? -1 : (roomIndex.get(wc.room) ?? -1);
  }
  st.clubRoom = clubRoom;
}

/** The club stage and the staff cover, with their feedback rounds: the last round's club stage, cover duties and
 * cover plan (what the week is built from); `cancelled` when options.cancelled fired between stages (the results
 * then are those of the last stage that finished). */
export type ClubCoverRounds = {
  readonly stage?: ClubStage;
  readonly duties?: readonly CoverDuty[];
  readonly index?: ReturnType<typeof buildDuties>['index'];
  readonly cover?: CoverResult;
  /** clubs closed for coverage (club index → the reason, Chinese): the last round's club stage ran without them */
  readonly closedForCover: ReadonlyMap<number, string>;
  readonly cancelled: boolean;
};

/**
 * The club stage (days, rooms, leaders, members as one optimisation), then the cover stage, which staffs every
 * duty, club leaders included, choosing among all qualified staff (the leader choice does not change clubCost, so
 * it is the cover objectives' to make). Should it leave a club without a leader, the clubs keep the leaders the
 * club stage found (a feasible choice for all of them); should a club still be left without one (coverage first:
 * a group block needed that person), it does not run and both stages run again (docs/clubs.md). `solve` and
 * `kehou export-lp` (the models of the final round: its club stage without the clubs closed for coverage, and the
 * duties the final plan covers) both run exactly this.
 */
export function planClubsAndCover(
  c: Compiled,
  groups: readonly Group[],
  groupUse: Parameters<typeof planClubStage>[2],
  options: {
    readonly seed: number;
    readonly deadline: number;
    readonly keep?: Schedule;
    readonly run?: <T>(name: string, fn: () => T) => T;
    readonly cancelled?: () => boolean;
  },
): ClubCoverRounds {
  const run = options.run ?? (<T>(_name: string, fn: () => T): T => fn());
  const cancelled = options.cancelled ?? ((): boolean => false);
  const keep = options.keep;
  const exclude = new Map<number, string>();
  let pinLeaders = false;
  let out: Mutable<ClubCoverRounds> = { cancelled: false, closedForCover: exclude };
  for (;;) {
    // --keep: the previous plan's clubs (students, days, rooms, leaders) are kept first (docs/clubs.md)
    const stage = run('clubs', () => planClubStage(c, groups, groupUse, { exclude, ...(keep ? clubStageKeep(keep) : {}) }));
    out = { ...out, stage };
    if (cancelled()) return { ...out, cancelled: true };
    // pinned leaders (clubs[].leader) always hold their club; the others only once the cover stage needed it
    const { duties, index } = buildDuties(c, groups, stage.assignment.running, stage.days.mask, pinLeaders ? stage.leader : stage.pinnedLeader);
    out = { ...out, duties, index };
    if (cancelled()) return { ...out, cancelled: true };
    const cover = run('cover', () => planCover(c.instance, duties, { seed: options.seed, deadline: options.deadline }));
    out = { ...out, cover };
    const lost: number[] = [];
    for (let j = 0; j < c.nClubs; j++) if (stage.assignment.running[j] && cover.holder[index.club[j]] < 0) lost.push(j);
    if (lost.length === 0) return out; // terminates: after the first round every round closes at least one more club
    if (!pinLeaders) {
      pinLeaders = true;
      continue;
    }
    for (const j of lost) {
      const who = c.instance.staff[stage.leader[j]]?.name ?? '';
      exclude.set(j, `${c.instance.clubs![c.clubSrc[j]].name}：指导教师${who}在社团时段需承担看护班值守（值班覆盖优先），无其他可用的指导教师，未开设`);
    }
  }
}

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
  const solveMs = (): number => Math.round((performance.now() - t0) * 10) / 10;
  /** the schedule and report, built once from the plan state (write back) */
  const week = (status: SolveStatus, c: Compiled): Schedule => {
    const schedule = buildSchedule(c, st, { status, seed: opts.seed, timingsMs: timings, solveMs: 0 });
    // advice (建议): demand against seats and cover changes always; extra club sections (each re-optimises the
    // club stage) only when asked (`advice: true`, `kehou advise`)
    if (st.clubs) (schedule.report as Record<string, unknown>).advice = advise(instance, schedule, { sections: opts.advice });
    return schedule;
  };
  /** the result: the semester's dates and shortfalls added, every timing at the end of the report */
  const finish = (status: SolveStatus, schedule: Schedule, sem?: SemesterResult): SolveResult => {
    const { timingsMs: _timings, solveMs: _solveMs, ...rest } = schedule.report;
    if (sem === undefined) return { status, schedule: { ...schedule, report: { ...rest, timingsMs: timings, solveMs: solveMs() } } };
    const shortfalls = [...(schedule.shortfalls ?? []), ...sem.shortfalls];
    const counts = { ...rest.counts, shortfalls: shortfalls.length };
    const report = { ...rest, counts, semester: sem.report, timingsMs: timings, solveMs: solveMs() };
    return { status, schedule: { ...schedule, semester: sem.semester, shortfalls, report } };
  };

  const c = run('compile', () => compile(instance));
  if (cancelled()) return finish('cancelled', week('cancelled', c));
  const keep = given.keep;
  st.groups = run('groups', () => (keep ? alignGroups(c, planGroups(c), keep) : planGroups(c)));
  if (cancelled()) return finish('cancelled', week('cancelled', c));
  st.groupRooms = run('groupRooms', () => planGroupRooms(c, st.groups!.groups));
  if (cancelled()) return finish('cancelled', week('cancelled', c));
  // the club stage and the staff cover, with their feedback rounds (planClubsAndCover)
  const budgetMs = Math.max(0, opts.timeLimit) * 1000;
  const rounds = planClubsAndCover(c, st.groups.groups, st.groupRooms.use, {
    seed: opts.seed,
    deadline: wall0 + budgetMs * 0.85,
    ...(keep ? { keep } : {}),
    run,
    cancelled,
  });
  if (rounds.stage) {
    st.clubStage = rounds.stage;
    st.clubDays = rounds.stage.days;
    st.clubs = rounds.stage.assignment;
    st.clubRoom = rounds.stage.room;
  }
  if (rounds.duties) ((st.duties = rounds.duties), (st.dutyIndex = rounds.index));
  if (rounds.cover) st.cover = rounds.cover;
  if (rounds.cancelled || !st.cover) return finish('cancelled', week('cancelled', c));
  if (keep) keepRoomsOf(c, st, keep, opts.seed);
  const duties = st.duties!;
  // P-PIN staff pins, then the previous holders (--keep): honoured after the search, or reported (cover/wants.ts)
  const pins = pinWants(instance, duties, pinGroups(c, st.groups.groups));
  let pinReport: ReturnType<typeof pinReports> | undefined;
  if (pins.wants.length > 0 || pins.pins.length > 0 || keep) {
    const kept = keep ? keepCoverWants(instance, duties, st.cover.holder, keep) : undefined;
    const applied = applyWants(instance, duties, st.cover, pins.wants, kept);
    st.cover = applied.result;
    if (pins.pins.length > 0) pinReport = pinReports(pins.pins, applied.unmet, duties);
  }
  /** the report's pins and keep sections (before the timings) */
  const sections = (r: SolveResult): SolveResult => {
    if (!pinReport && !keep) return r;
    const { timingsMs, solveMs: ms, ...rest } = r.schedule.report;
    const extra: Report = {};
    if (pinReport) {
      extra.pins = { honoured: pinReport.filter((p) => p.reasons.length === 0).length, broken: pinReport.filter((p) => p.reasons.length > 0), all: pinReport };
    }
    if (keep) {
      const changes = diffSchedules(instance, keep, r.schedule);
      extra.keep = {
        counts: countChanges(changes),
        changes,
      };
    }
    return { ...r, schedule: { ...r.schedule, report: { ...rest, ...extra, timingsMs, solveMs: ms } } };
  };

  const status: SolveStatus = st.cover.status === 'timedout' ? 'timedout' : st.clubs!.optimal && st.cover.status === 'optimal' ? 'optimal' : 'feasible';
  if (opts.semester && cancelled()) return finish('cancelled', week('cancelled', c));
  const schedule = week(status, c);
  if (!opts.semester) return sections(finish(status, schedule));
  // the semester runs on the finished weekly template
  const sem = run('semester', () => planSemester(instance, schedule.week, { seed: opts.seed, school: compileSchool(instance, c), ...(keep?.semester ? { previous: keep.semester } : {}) }));
  return sections(finish(status, schedule, sem));
}
