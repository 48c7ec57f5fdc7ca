// Export of the planner's stage models as standard CPLEX LP files (导出模型), so that an exact MILP solver such as
// CBC can solve the same model and the results can be compared (`kehou export-lp`, benchmarks/).
// Owner: BENCH helper. Imports the planner's exported stages only; it changes nothing in them.
//
// - clubs (`--stage clubs`): the whole club stage as a MILP (week/club-model.ts): days, rooms, leaders and members.
//   `clubLpModel`/`clubLpText` below keep the student → club transportation model for the sessions the stage
//   runs (after the club days are chosen and the clubs under their minimum are closed): x[student, club] for the
//   eligible pairs, an unplaced variable per student, cost weight × rank² / 100 × weight, club minimum and
//   capacity, and (clubsPerStudent > 1) at most one club per first club weekday. Its optimum equals the flow's.
// - cover: the weekly staff cover MIP with the cover stage's objective (COVER_WEIGHTS): y[duty, staff] for the
//   statically eligible pairs, uncovered duties, no two overlapping duties (clique rows per staff, weekday and
//   start time), maxPeriodsPerWeek, discontinuity inside a group's consecutive blocks, and the squared weekly load
//   linearised exactly by convex piecewise segments of g minutes (g = gcd of the duty lengths: every load is a
//   multiple of g, so the chords are exact at every reachable load).
import type { Instance } from '../model/schema.js';
import { compile, type Compiled } from './compile.js';
import type { ClubAssignment, ClubDays } from './week/clubs.js';
import { clubStageLp } from './week/club-model.js';
import { compileCover, assignCost, COVER_WEIGHTS, type CoverModel } from './cover/model.js';
import type { CoverDuty, CoverResult } from './cover/index.js';
import { planClubsAndCover } from './index.js';
import { DEFAULT_SOLVE_OPTIONS } from './api.js';
import { planGroups, type GroupPlan } from './week/groups.js';
import { planGroupRooms, type GroupRooms } from './week/rooms.js';

export type LpStage = 'clubs' | 'cover';
export const LP_STAGES: readonly LpStage[] = ['clubs', 'cover'];

/** The deterministic planner stages up to the cover duties, exactly as `solve` runs them. */
export type PlannerStages = {
  readonly compiled: Compiled;
  readonly groups: GroupPlan;
  readonly groupRooms: GroupRooms;
  readonly clubDays: ClubDays;
  readonly clubs: ClubAssignment;
  /** the cover duties of solve's last club ↔ cover round: the duties the final plan covers */
  readonly duties: readonly CoverDuty[];
  /** the cover stage's result on them (solve's default seed and time budget) */
  readonly cover: CoverResult;
  /** clubs the last round's club stage ran without (closed for coverage: their leader was needed by a group) */
  readonly closedForCover: ReadonlyMap<number, string>;
};

/** Runs compile → groups → group rooms → the club stage and the cover stage with their feedback rounds
 * (planClubsAndCover, as `solve` runs them with its default seed and budget): the last round's clubs and duties. */
export function plannerStages(instance: Instance): PlannerStages {
  const compiled = compile(instance);
  const groups = planGroups(compiled);
  const groupRooms = planGroupRooms(compiled, groups.groups);
  const rounds = planClubsAndCover(compiled, groups.groups, groupRooms.use, {
    seed: DEFAULT_SOLVE_OPTIONS.seed,
    deadline: Date.now() + DEFAULT_SOLVE_OPTIONS.timeLimit * 1000 * 0.85,
  });
  const { stage, duties, cover } = rounds;
  if (!stage || !duties || !cover) throw new Error('planClubsAndCover: no round finished'); // not cancellable here
  return { compiled, groups, groupRooms, clubDays: stage.days, clubs: stage.assignment, duties, cover, closedForCover: rounds.closedForCover };
}

// ------------------------------------------------------------------------------------------ clubs

export type ClubLpClub = {
  readonly id: string;
  /** lower bound on members (the club's `min`, capped by its capacity) */
  readonly min: number;
  /** seats: min(max, reserved room capacity) */
  readonly cap: number;
  /** weekday mask of its sessions */
  readonly days: number;
};

export type ClubLpStudent = {
  readonly id: string;
  /** 10 with a priority entry, else 1 */
  readonly weight: number;
  /** eligible running clubs: index into `clubs` and 1-based rank in the student's prefs */
  readonly options: readonly { readonly club: number; readonly rank: number }[];
};

/** The club assignment model as plain data (also what benchmarks/ feeds to javascript-lp-solver). */
export type ClubLpModel = {
  readonly clubsPerStudent: number;
  readonly clubs: readonly ClubLpClub[];
  /** every student who wants a school club (those with no option are unplaced whatever happens) */
  readonly students: readonly ClubLpStudent[];
  /** the planner's figures for the same sessions: its clubCost, its certified flow optimum, optimal flag */
  readonly planner: { readonly cost: number; readonly bound: number; readonly optimal: boolean };
};

const firstDayOf = (mask: number): number => 31 - Math.clz32(mask & -mask);

/** The club stage's model for the sessions the planner runs (`running` clubs, their days and capacities). */
export function clubLpModel(stages: PlannerStages): ClubLpModel {
  const c = stages.compiled;
  const { clubDays, clubs: assignment } = stages;
  const inst = c.instance;
  const local = new Int32Array(c.nClubs).fill(-1);
  const clubs: ClubLpClub[] = [];
  for (let j = 0; j < c.nClubs; j++) {
    if (!assignment.running[j]) continue;
    local[j] = clubs.length;
    const cap = clubDays.cap[j];
    clubs.push({ id: inst.clubs![c.clubSrc[j]].id, min: Math.min(c.clubMin[j], cap), cap, days: clubDays.mask[j] });
  }
  const students: ClubLpStudent[] = [];
  for (let s = 0; s < c.nStudents; s++) {
    if (!c.studentWants[s]) continue;
    const g = c.studentGrade[s];
    const options: { club: number; rank: number }[] = [];
    // S5 S6 eligibility: the club runs, takes the student's grade, meets only on days the student attends
    if (g >= 0) {
      for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
        const j = c.prefClub[p];
        if (local[j] < 0 || !(c.clubGradeMask[j] & (1 << g))) continue;
        if ((c.studentDays[s] & clubDays.mask[j]) !== clubDays.mask[j]) continue;
        options.push({ club: local[j], rank: c.prefRank[p] });
      }
    }
    students.push({ id: inst.students[s].id, weight: c.studentWeight[s], options });
  }
  return {
    clubsPerStudent: Math.max(0, c.policy.clubsPerStudent),
    clubs,
    students,
    planner: { cost: assignment.cost, bound: assignment.bound, optimal: assignment.optimal },
  };
}

/** Accumulates an LP file with short lines (some readers limit the line length). */
function lpWriter(): { readonly line: (s: string) => void; readonly expr: (terms: readonly string[], indent?: string) => void; readonly text: () => string } {
  const out: string[] = [];
  return {
    line: (s) => out.push(s),
    expr: (terms, indent = '   ') => {
      for (let i = 0; i < terms.length; i += 8) out.push(indent + terms.slice(i, i + 8).join(' '));
    },
    text: () => out.join('\n') + '\n',
  };
}

/** a signed LP term: "+ 3 x1", "- x2" */
const term = (coef: number, name: string): string => {
  if (coef === 1) return `+ ${name}`;
  if (coef === -1) return `- ${name}`;
  return coef < 0 ? `- ${num(-coef)} ${name}` : `+ ${num(coef)} ${name}`;
};
/** shortest exact decimal of a double (no exponent: LP readers differ on it) */
const num = (x: number): string => {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  return x.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
};

export type LpStats = { readonly variables: number; readonly integers: number; readonly rows: number; readonly nonzeros: number };

/** CPLEX LP text of the club model. Variables x<s>_<j> (binary), u<s> unplaced, z<s> unused extra places. */
export function clubLpText(model: ClubLpModel, title = 'kehou clubs'): { readonly text: string; readonly stats: LpStats } {
  const w = lpWriter();
  const cps = model.clubsPerStudent;
  let variables = 0;
  let integers = 0;
  let rows = 0;
  let nonzeros = 0;
  w.line(`\\ ${title}: student -> club transportation model of the planner's club assignment stage`);
  w.line(`\\ ${model.students.length} students wanting a school club, ${model.clubs.length} running clubs, clubsPerStudent ${cps}`);
  w.line('Minimize');
  const obj: string[] = [];
  model.students.forEach((st, s) => {
    for (const o of st.options) obj.push(term(st.weight * o.rank * o.rank, `x${s}_${o.club}`));
    obj.push(term(100 * st.weight, `u${s}`));
  });
  if (obj.length === 0) obj.push('0 u_none');
  w.line(' obj:');
  w.expr(obj);
  w.line('Subject To');
  const members: string[][] = model.clubs.map(() => []);
  model.students.forEach((st, s) => {
    if (cps === 0) {
      w.line(` p${s}: u${s} = 1`);
      rows++;
      nonzeros++;
      return;
    }
    // each student: cps places, taken by clubs, by "unplaced" (≤ 1) or left unused (≤ cps − 1)
    const terms = st.options.map((o) => `+ x${s}_${o.club}`);
    terms.push(`+ u${s}`);
    if (cps > 1) terms.push(`+ z${s}`);
    w.line(` p${s}:`);
    w.expr(terms);
    w.line(`   = ${cps}`);
    rows++;
    nonzeros += terms.length;
    for (const o of st.options) members[o.club].push(`+ x${s}_${o.club}`);
    if (cps > 1) {
      // at most one club per first club weekday (the planner's day nodes)
      const byDay = new Map<number, string[]>();
      for (const o of st.options) {
        const d = firstDayOf(model.clubs[o.club].days);
        let l = byDay.get(d);
        if (!l) byDay.set(d, (l = []));
        l.push(`+ x${s}_${o.club}`);
      }
      for (const [d, l] of [...byDay.entries()].sort((a, b) => a[0] - b[0])) {
        if (l.length < 2) continue;
        w.line(` d${s}_${d}:`);
        w.expr(l);
        w.line('   <= 1');
        rows++;
        nonzeros += l.length;
      }
    }
  });
  model.clubs.forEach((cl, j) => {
    if (members[j].length === 0) return;
    w.line(` c${j}:`);
    w.expr(members[j]);
    w.line(`   <= ${cl.cap}`);
    rows++;
    nonzeros += members[j].length;
    if (cl.min > 0) {
      w.line(` m${j}:`);
      w.expr(members[j]);
      w.line(`   >= ${cl.min}`);
      rows++;
      nonzeros += members[j].length;
    }
  });
  if (rows === 0) {
    w.line(' none: u_none = 0');
    rows++;
  }
  w.line('Bounds');
  model.students.forEach((st, s) => {
    w.line(` 0 <= u${s} <= 1`);
    variables++;
    if (cps > 1) {
      w.line(` 0 <= z${s} <= ${cps - 1}`);
      variables++;
    }
  });
  w.line('Binaries');
  const bins: string[] = [];
  model.students.forEach((st, s) => {
    for (const o of st.options) bins.push(`x${s}_${o.club}`);
  });
  variables += bins.length;
  integers += bins.length;
  w.expr(bins, ' ');
  w.line('End');
  return { text: w.text(), stats: { variables, integers, rows, nonzeros } };
}

// ------------------------------------------------------------------------------------------ cover

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

export type CoverLpInfo = LpStats & {
  readonly duties: number;
  readonly staff: number;
  /** load segment length in minutes (gcd of the duties' weekly minutes) */
  readonly segmentMinutes: number;
};

export type CoverLpOptions = {
  /** 'strong' (default): a tight LP relaxation (CBC found far better solutions and bounds with it on the small
   * preset); 'compact': one row per (pair, staff) and no extra columns, about half the size, weak relaxation */
  readonly discontinuity?: 'compact' | 'strong';
};

/** CPLEX LP text of the weekly staff cover MIP (objective = the cover stage's cost, COVER_WEIGHTS). */
export function coverLpText(m: CoverModel, options: CoverLpOptions = {}, title = 'kehou cover'): { readonly text: string; readonly info: CoverLpInfo } {
  const W = COVER_WEIGHTS;
  const nS = m.nStaff;
  const nD = m.nDuties;
  const lm = m.lessonMinutes;
  const w = lpWriter();
  let variables = 0;
  let integers = 0;
  let rows = 0;
  let nonzeros = 0;
  let g = 0;
  for (let d = 0; d < nD; d++) g = gcd(g, Math.round(m.minutes[d]));
  if (g <= 0) g = 1;
  const elig = (d: number, s: number): boolean => m.eligible[d * nS + s] === 1 && m.minutes[d] <= m.maxMinutes[s];

  // per staff: an upper bound on the weekly load = Σ over weekdays of the union of its eligible duties' intervals
  // (no two overlapping duties), capped by maxPeriodsPerWeek
  const segments = new Int32Array(nS);
  for (let s = 0; s < nS; s++) {
    let total = 0;
    for (let day = 0; day < 7; day++) {
      const iv: [number, number][] = [];
      for (let d = 0; d < nD; d++) if (elig(d, s) && m.dayMask[d] & (1 << day)) iv.push([m.start[d], m.end[d]]);
      iv.sort((a, b) => a[0] - b[0]);
      let curS = -1;
      let curE = -1;
      for (const [a, b] of iv) {
        if (a >= curE) {
          total += curE - curS;
          curS = a;
          curE = b;
        } else if (b > curE) curE = b;
      }
      total += curE - curS;
    }
    const cap = Math.min(total, m.maxMinutes[s]);
    segments[s] = Math.max(0, Math.floor(cap / g));
  }

  // chains: consecutive blocks of one group on one day (discontinuity pairs)
  const pairs: [number, number][] = [];
  for (let ch = 0; ch < m.nChains; ch++) {
    for (let i = m.chainOffset[ch] + 1; i < m.chainOffset[ch + 1]; i++) pairs.push([m.chainDuty[i - 1], m.chainDuty[i]]);
  }

  w.line(`\\ ${title}: weekly staff cover MIP, objective = ${W.uncovered} uncovered + ${W.studyOffGrade} studyOffGrade + ` +
    `${W.studyNotHomeroom} studyNotHomeroom + ${W.otherOffGrade} otherOffGrade + ${W.discontinuity} discontinuity + ${W.loadSquare} loadSquares`);
  w.line(`\\ ${nD} duties, ${nS} staff; load squares (periods of ${lm} min) as convex segments of ${g} min, exact at every reachable load`);
  w.line('Minimize');
  const obj: string[] = [];
  for (let d = 0; d < nD; d++) {
    obj.push(term(W.uncovered, `u${d}`));
    for (let s = 0; s < nS; s++) {
      if (!elig(d, s)) continue;
      const cst = assignCost(m, d, s);
      if (cst !== 0) obj.push(term(cst, `y${d}_${s}`));
    }
  }
  pairs.forEach((_, p) => obj.push(term(W.discontinuity, `q${p}`)));
  for (let s = 0; s < nS; s++) {
    // segment k (1-based) of g minutes: slope per minute = ((k g)² − ((k−1) g)²) / (g lm²) = (2k − 1) g / lm²
    for (let k = 1; k <= segments[s]; k++) obj.push(term((W.loadSquare * (2 * k - 1) * g) / (lm * lm), `l${s}_${k}`));
  }
  w.line(' obj:');
  w.expr(obj);
  w.line('Subject To');
  // every duty: one holder or uncovered
  for (let d = 0; d < nD; d++) {
    const t: string[] = [];
    for (let s = 0; s < nS; s++) if (elig(d, s)) t.push(`+ y${d}_${s}`);
    t.push(`+ u${d}`);
    w.line(` c${d}:`);
    w.expr(t);
    w.line('   = 1');
    rows++;
    nonzeros += t.length;
  }
  // P5 no two overlapping duties per staff: one clique row per (staff, weekday, start time) where the set of
  // duties running at that time is maximal (interval graph)
  for (let s = 0; s < nS; s++) {
    for (let day = 0; day < 7; day++) {
      const ds: number[] = [];
      for (let d = 0; d < nD; d++) if (elig(d, s) && m.dayMask[d] & (1 << day)) ds.push(d);
      if (ds.length < 2) continue;
      const starts = [...new Set(ds.map((d) => m.start[d]))].sort((a, b) => a - b);
      for (let i = 0; i < starts.length; i++) {
        const t = starts[i];
        const active = ds.filter((d) => m.start[d] <= t && t < m.end[d]);
        if (active.length < 2) continue;
        // maximal unless every active duty is still running at the next start time
        const next = i + 1 < starts.length ? starts[i + 1] : Infinity;
        if (active.every((d) => m.end[d] > next)) continue;
        w.line(` o${s}_${day}_${t}:`);
        w.expr(active.map((d) => `+ y${d}_${s}`));
        w.line('   <= 1');
        rows++;
        nonzeros += active.length;
      }
    }
  }
  // P8 load: Σ minutes × y = Σ segments (each ≤ g minutes; the count of segments caps maxPeriodsPerWeek)
  for (let s = 0; s < nS; s++) {
    const t: string[] = [];
    for (let d = 0; d < nD; d++) if (elig(d, s)) t.push(term(m.minutes[d], `y${d}_${s}`));
    if (t.length === 0) continue;
    for (let k = 1; k <= segments[s]; k++) t.push(`- l${s}_${k}`);
    w.line(` L${s}:`);
    w.expr(t);
    w.line('   = 0');
    rows++;
    nonzeros += t.length;
  }
  if ((options.discontinuity ?? 'strong') === 'strong') {
    // discontinuity of consecutive blocks a, b: q ≥ 1 − Σ_s same[s] − bothUncovered, same[s] ≤ y[a,s], y[b,s]
    // (its LP relaxation charges half the total variation of the two holder vectors; more rows and columns)
    pairs.forEach(([a, b], p) => {
      const t: string[] = [`+ q${p}`, `+ v${p}`];
      for (let s = 0; s < nS; s++) {
        if (!elig(a, s) || !elig(b, s)) continue;
        t.push(`+ h${p}_${s}`);
        w.line(` ha${p}_${s}: h${p}_${s} - y${a}_${s} <= 0`);
        w.line(` hb${p}_${s}: h${p}_${s} - y${b}_${s} <= 0`);
        rows += 2;
        nonzeros += 4;
        variables++;
      }
      w.line(` va${p}: v${p} - u${a} <= 0`);
      w.line(` vb${p}: v${p} - u${b} <= 0`);
      w.line(` q${p}:`);
      w.expr(t);
      w.line('   >= 1');
      rows += 3;
      nonzeros += 4 + t.length;
      variables += 2;
    });
  } else {
    // discontinuity of consecutive blocks a, b: q ≥ y[a,s] − y[b,s] for every s who may hold a, q ≥ u[a] − u[b]
    // (a holder of a who does not hold b, or a uncovered while b is held, forces q = 1)
    pairs.forEach(([a, b], p) => {
      for (let s = 0; s < nS; s++) {
        if (!elig(a, s)) continue;
        w.line(elig(b, s) ? ` q${p}_${s}: q${p} - y${a}_${s} + y${b}_${s} >= 0` : ` q${p}_${s}: q${p} - y${a}_${s} >= 0`);
        rows++;
        nonzeros += elig(b, s) ? 3 : 2;
      }
      w.line(` qu${p}: q${p} - u${a} + u${b} >= 0`);
      rows++;
      nonzeros += 3;
      variables++;
    });
  }
  w.line('Bounds');
  for (let d = 0; d < nD; d++) w.line(` 0 <= u${d} <= 1`);
  variables += nD;
  for (let s = 0; s < nS; s++) for (let k = 1; k <= segments[s]; k++) w.line(` 0 <= l${s}_${k} <= ${g}`);
  for (let s = 0; s < nS; s++) variables += segments[s];
  pairs.forEach((_, p) => w.line(` 0 <= q${p} <= 1`));
  w.line('Binaries');
  const bins: string[] = [];
  for (let d = 0; d < nD; d++) for (let s = 0; s < nS; s++) if (elig(d, s)) bins.push(`y${d}_${s}`);
  variables += bins.length;
  integers += bins.length;
  w.expr(bins, ' ');
  w.line('End');
  return { text: w.text(), info: { variables, integers, rows, nonzeros, duties: nD, staff: nS, segmentMinutes: g } };
}

/** The cover stage's model of an instance (the duties of the planner's weekly template). */
export function coverModelOf(stages: PlannerStages): CoverModel {
  return compileCover(stages.compiled.instance, stages.duties);
}

/** LP text of a stage of an instance. */
export function exportLp(instance: Instance, stage: LpStage): { readonly text: string; readonly stats: LpStats } {
  // titles stay ASCII: LP readers differ on other bytes, even in comments
  // clubs: the whole club stage (days, rooms, leaders, members: src/solver/week/club-model.ts) of solve's last round:
  // a club closed for coverage (its only leader needed by a group at that time) is left out, as solve leaves it out,
  // so the model's optimum is the clubCost solve reports (and proves when report.clubCostOptimal)
  if (stage === 'clubs') {
    const stages = plannerStages(instance);
    return clubStageLp(stages.compiled, stages.groups.groups, stages.groupRooms.use, { exclude: stages.closedForCover });
  }
  // cover: the duties of solve's last club ↔ cover round (those the final plan covers)
  const { text, info } = coverLpText(coverModelOf(plannerStages(instance)));
  return { text, stats: info };
}
