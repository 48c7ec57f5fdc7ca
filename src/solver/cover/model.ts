// Cover (看护/社团/延时接送 staffing) model: the staff and duties of planCover compiled to typed arrays,
// the objective weights, eligibility (P2 P3 P4 P7) and the exact objective of a full assignment.
import type { Instance } from '../../model/schema.js';
import { WEEKDAYS } from '../../model/schema.js';
import { lessonMinutes } from '../../model/policy.js';
import { availableOn, hasClubSkill, isInsider, isVettedSecurity, mayHoldGroupBlock, mayServe, mayTakeLatePickup, overlaps, weeklyLimitMinutes } from '../rules.js';

/** One duty of the weekly template that needs exactly one staff member. */
export type CoverDuty = {
  readonly kind: 'block' | 'club' | 'latePickup';
  readonly days: readonly number[]; // weekday indices 0..6 (a club may meet on several days; same person on all)
  readonly start: number; // minutes since 00:00, half-open [start, end)
  readonly end: number;
  readonly grades: readonly number[]; // block: the group's grade(s) (grade teachers first); club: its grades; pickup: []
  readonly homerooms: readonly number[]; // block: staff indices (into instance.staff) of the homerooms of the group's classes
  readonly skill?: string; // club: the skill its leader needs
  readonly leader?: number; // club: the leader the club stage chose (staff index; P2-P5 P8 checked there): only they may take it
  readonly group?: number; // block: index of its group in the planner's group list (continuity across blocks)
  readonly block?: number; // block: index of the block in the group's timeline
  readonly study?: boolean; // block: a study block (作业辅导) — grade teachers matter most here
  readonly label: string; // Chinese-free stable label used in shortfalls: "group mon/1-1 block 0", "club football", "latePickup mon #1"
};

/** Objective weights (docs/cover.md). Cost = Σ weight × part; load squares are in periods² (课时²). */
export const COVER_WEIGHTS = {
  /** a duty nobody takes (shortfall) */
  uncovered: 100_000,
  /** study block (作业辅导) covered by a teacher who does not teach any of the group's grades */
  studyOffGrade: 40,
  /** study block covered by a grade teacher who is not the homeroom (班主任) of one of the group's classes */
  studyNotHomeroom: 10,
  /** any other group block covered by a teacher who does not teach the group's grades */
  otherOffGrade: 4,
  /** two consecutive blocks of one group held by different staff (看护连续性) */
  discontinuity: 20,
  /** per staff: (weekly load in periods)² — load balance (P8 多劳多得) */
  loadSquare: 1,
} as const;

export const DUTY_BLOCK = 0;
export const DUTY_CLUB = 1;
export const DUTY_PICKUP = 2;

/** staff category for a block: homeroom of one of the group's classes, grade teacher, other insider */
export const CAT_HOMEROOM = 0;
export const CAT_GRADE = 1;
export const CAT_OTHER = 2;

export type CoverModel = {
  readonly instance: Instance;
  readonly duties: readonly CoverDuty[];
  readonly lessonMinutes: number;
  // staff
  readonly nStaff: number;
  /** role teacher or leader (校内教职工) */
  readonly insider: Uint8Array;
  /** may take some duty at all: not exempt, no misconduct, insider or vetted outsider (P2 P3) */
  readonly active: Uint8Array;
  /** vetted outsider with role security: may take late pickup (P7) */
  readonly security: Uint8Array;
  /** bit d ⇔ unavailable on weekday d */
  readonly unavailable: Int32Array;
  readonly gradeMask: Int32Array;
  readonly skills: readonly ReadonlySet<string>[];
  /** weekly load bound in minutes, Infinity when none */
  readonly maxMinutes: Float64Array;
  // duties
  readonly nDuties: number;
  readonly kind: Uint8Array;
  /** bit d ⇔ the duty takes place on weekday d */
  readonly dayMask: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** weekly minutes of the duty (length × number of days) */
  readonly minutes: Float64Array;
  readonly study: Uint8Array;
  readonly dutyGradeMask: Int32Array;
  /** per duty and staff: 1 ⇔ eligible (static: role, exemption, vetting, skill, weekday availability) */
  readonly eligible: Uint8Array;
  // chains: maximal runs of consecutive blocks of one group (block indices i, i+1, …)
  readonly nChains: number;
  readonly chainOffset: Int32Array;
  /** duty indices, chain by chain, in block order */
  readonly chainDuty: Int32Array;
  /** per duty: its chain, −1 for clubs and pickups */
  readonly dutyChain: Int32Array;
  /** per duty: position inside its chain */
  readonly dutyPos: Int32Array;
  /** per block duty: its weekday (single day), −1 otherwise */
  readonly dutyDay: Int32Array;
  /** per chain and staff: blockCategory of the chain's group (chain · nStaff + staff) */
  readonly chainCat: Uint8Array;
  /** prefix sums over chain positions: study blocks and minutes (length nDuties in chains + 1) */
  readonly posStudy: Int32Array;
  readonly posMinutes: Float64Array;
};

const dayMaskOf = (names: readonly string[] | undefined): number => {
  let m = 0;
  for (const n of names ?? []) {
    const d = (WEEKDAYS as readonly string[]).indexOf(n);
    if (d >= 0) m |= 1 << d;
  }
  return m;
};

export function compileCover(instance: Instance, duties: readonly CoverDuty[]): CoverModel {
  const nS = instance.staff.length;
  const insider = new Uint8Array(nS);
  const active = new Uint8Array(nS);
  const security = new Uint8Array(nS);
  const unavailable = new Int32Array(nS);
  const gradeMask = new Int32Array(nS);
  const maxMinutes = new Float64Array(nS);
  const lm = lessonMinutes(instance);
  const skills: ReadonlySet<string>[] = [];
  instance.staff.forEach((s, i) => {
    const ins = isInsider(s.roles);
    insider[i] = ins ? 1 : 0;
    active[i] = mayServe(s) ? 1 : 0;
    security[i] = isVettedSecurity(s) ? 1 : 0;
    unavailable[i] = dayMaskOf(s.unavailable);
    let gm = 0;
    for (const g of s.grades ?? []) if (g >= 0 && g <= 30) gm |= 1 << g;
    gradeMask[i] = gm;
    skills.push(new Set(s.skills ?? []));
    maxMinutes[i] = weeklyLimitMinutes(s, lm);
  });

  const nD = duties.length;
  const kind = new Uint8Array(nD);
  const dayMask = new Int32Array(nD);
  const start = new Int32Array(nD);
  const end = new Int32Array(nD);
  const minutes = new Float64Array(nD);
  const study = new Uint8Array(nD);
  const dutyGradeMask = new Int32Array(nD);
  const dutyDay = new Int32Array(nD).fill(-1);
  duties.forEach((d, i) => {
    kind[i] = d.kind === 'block' ? DUTY_BLOCK : d.kind === 'club' ? DUTY_CLUB : DUTY_PICKUP;
    let m = 0;
    for (const x of d.days) if (x >= 0 && x < 7) m |= 1 << x;
    dayMask[i] = m;
    start[i] = d.start;
    end[i] = Math.max(d.start, d.end);
    let nd = 0;
    for (let x = m; x; x &= x - 1) nd++;
    minutes[i] = (end[i] - start[i]) * nd;
    study[i] = d.kind === 'block' && d.study === true ? 1 : 0;
    let gm = 0;
    for (const g of d.grades) if (g >= 0 && g <= 30) gm |= 1 << g;
    dutyGradeMask[i] = gm;
    if (kind[i] === DUTY_BLOCK && nd === 1) dutyDay[i] = 31 - Math.clz32(m);
  });

  // static eligibility
  const eligible = new Uint8Array(nD * nS);
  for (let d = 0; d < nD; d++) {
    const duty = duties[d];
    for (let s = 0; s < nS; s++) {
      if (!active[s]) continue;
      if (!availableOn(unavailable[s], dayMask[d])) continue;
      if (duty.leader !== undefined && s !== duty.leader) continue; // the club stage's leader (issue 10)
      let ok: boolean;
      if (kind[d] === DUTY_BLOCK) ok = mayHoldGroupBlock(insider[s] === 1);
      else if (kind[d] === DUTY_CLUB) ok = hasClubSkill(skills[s], duty.skill);
      else ok = mayTakeLatePickup(insider[s] === 1, security[s] === 1);
      if (ok) eligible[d * nS + s] = 1;
    }
  }

  // chains: blocks of one group sorted by block index, split where indices are not consecutive
  const byGroup = new Map<number, number[]>();
  const singles: number[] = [];
  for (let d = 0; d < nD; d++) {
    if (kind[d] !== DUTY_BLOCK) continue;
    const g = duties[d].group;
    if (g === undefined || duties[d].block === undefined || dutyDay[d] < 0) {
      singles.push(d);
      continue;
    }
    let list = byGroup.get(g);
    if (!list) byGroup.set(g, (list = []));
    list.push(d);
  }
  const chains: number[][] = [];
  const groupKeys = [...byGroup.keys()].sort((a, b) => a - b);
  for (const g of groupKeys) {
    const list = byGroup.get(g)!;
    list.sort((a, b) => (duties[a].block ?? 0) - (duties[b].block ?? 0) || a - b);
    let cur: number[] = [];
    for (const d of list) {
      const prev = cur.length > 0 ? cur[cur.length - 1] : -1;
      if (prev >= 0 && ((duties[d].block ?? 0) !== (duties[prev].block ?? 0) + 1 || dutyDay[d] !== dutyDay[prev])) {
        chains.push(cur);
        cur = [];
      }
      cur.push(d);
    }
    if (cur.length > 0) chains.push(cur);
  }
  for (const d of singles) chains.push([d]);
  const nChains = chains.length;
  const chainOffset = new Int32Array(nChains + 1);
  chains.forEach((c, i) => (chainOffset[i + 1] = chainOffset[i] + c.length));
  const chainDuty = Int32Array.from(chains.flat());
  const dutyChain = new Int32Array(nD).fill(-1);
  const dutyPos = new Int32Array(nD).fill(-1);
  chains.forEach((c, i) => c.forEach((d, k) => ((dutyChain[d] = i), (dutyPos[d] = k))));

  const chainCat = new Uint8Array(nChains * nS);
  const posStudy = new Int32Array(chainDuty.length + 1);
  const posMinutes = new Float64Array(chainDuty.length + 1);
  for (let p = 0; p < chainDuty.length; p++) {
    posStudy[p + 1] = posStudy[p] + study[chainDuty[p]];
    posMinutes[p + 1] = posMinutes[p] + minutes[chainDuty[p]];
  }
  const partial = { duties, gradeMask, dutyGradeMask } as unknown as CoverModel;
  for (let c = 0; c < nChains; c++) {
    const d = chainDuty[chainOffset[c]];
    for (let s = 0; s < nS; s++) chainCat[c * nS + s] = blockCategory(partial, d, s);
  }

  return {
    instance,
    duties,
    lessonMinutes: lm,
    chainCat,
    posStudy,
    posMinutes,
    nStaff: nS,
    insider,
    active,
    security,
    unavailable,
    gradeMask,
    skills,
    maxMinutes,
    nDuties: nD,
    kind,
    dayMask,
    start,
    end,
    minutes,
    study,
    dutyGradeMask,
    eligible,
    nChains,
    chainOffset,
    chainDuty,
    dutyChain,
    dutyPos,
    dutyDay,
  };
}

/** Category of staff s for block duty d: homeroom of one of the group's classes, grade teacher, other (P5). */
export function blockCategory(m: CoverModel, d: number, s: number): number {
  const hr = m.duties[d].homerooms;
  for (let i = 0; i < hr.length; i++) if (hr[i] === s) return CAT_HOMEROOM;
  return (m.gradeMask[s] & m.dutyGradeMask[d]) !== 0 ? CAT_GRADE : CAT_OTHER;
}

/** Preference cost of block category (P5: the grade's own teachers first; homeroom best for study). */
export function categoryCost(isStudy: boolean, cat: number): number {
  if (isStudy) return cat === CAT_HOMEROOM ? 0 : cat === CAT_GRADE ? COVER_WEIGHTS.studyNotHomeroom : COVER_WEIGHTS.studyOffGrade;
  return cat === CAT_OTHER ? COVER_WEIGHTS.otherOffGrade : 0;
}

/** Assignment cost of staff s on duty d (blocks only; clubs and pickups cost only through load). */
export function assignCost(m: CoverModel, d: number, s: number): number {
  if (m.kind[d] !== DUTY_BLOCK) return 0;
  return categoryCost(m.study[d] === 1, blockCategory(m, d, s));
}

/** Load cost of a weekly load in minutes: (minutes / lessonMinutes)² × weight (P8). */
export function loadCost(m: CoverModel, minutes: number): number {
  const p = minutes / m.lessonMinutes;
  return COVER_WEIGHTS.loadSquare * p * p;
}

/** Two duties overlap on some common weekday (half-open intervals). */
export function dutiesClash(m: CoverModel, a: number, b: number): boolean {
  return (m.dayMask[a] & m.dayMask[b]) !== 0 && overlaps(m.start[a], m.end[a], m.start[b], m.end[b]);
}

export type CoverObjective = {
  readonly uncovered: number;
  readonly studyOffGrade: number;
  readonly studyNotHomeroom: number;
  readonly otherOffGrade: number;
  readonly discontinuity: number;
  readonly loadSquares: number;
};

/** Exact objective of a full assignment (holder −1 = uncovered). Hard rules are not checked here. */
export function evaluateCover(m: CoverModel, holder: Int32Array): { readonly objective: CoverObjective; readonly cost: number; readonly loadMinutes: Float64Array } {
  let uncovered = 0;
  let studyOffGrade = 0;
  let studyNotHomeroom = 0;
  let otherOffGrade = 0;
  const load = new Float64Array(m.nStaff);
  for (let d = 0; d < m.nDuties; d++) {
    const s = holder[d];
    if (s < 0) {
      uncovered++;
      continue;
    }
    load[s] += m.minutes[d];
    if (m.kind[d] !== DUTY_BLOCK) continue;
    const cat = blockCategory(m, d, s);
    if (m.study[d]) {
      if (cat === CAT_OTHER) studyOffGrade++;
      else if (cat === CAT_GRADE) studyNotHomeroom++;
    } else if (cat === CAT_OTHER) otherOffGrade++;
  }
  let discontinuity = 0;
  for (let c = 0; c < m.nChains; c++) {
    for (let i = m.chainOffset[c] + 1; i < m.chainOffset[c + 1]; i++) {
      if (holder[m.chainDuty[i]] !== holder[m.chainDuty[i - 1]]) discontinuity++;
    }
  }
  let loadSquares = 0;
  for (let s = 0; s < m.nStaff; s++) {
    const p = load[s] / m.lessonMinutes;
    loadSquares += p * p;
  }
  const W = COVER_WEIGHTS;
  const cost =
    W.uncovered * uncovered +
    W.studyOffGrade * studyOffGrade +
    W.studyNotHomeroom * studyNotHomeroom +
    W.otherOffGrade * otherOffGrade +
    W.discontinuity * discontinuity +
    W.loadSquare * loadSquares;
  return { objective: { uncovered, studyOffGrade, studyNotHomeroom, otherOffGrade, discontinuity, loadSquares }, cost, loadMinutes: load };
}

/** Hard-rule check of an assignment: eligibility, no overlap, maxPeriodsPerWeek. Returns violation texts (English, for tests). */
export function coverViolations(m: CoverModel, holder: Int32Array): string[] {
  const out: string[] = [];
  const load = new Float64Array(m.nStaff);
  const byStaff: number[][] = Array.from({ length: m.nStaff }, () => []);
  for (let d = 0; d < m.nDuties; d++) {
    const s = holder[d];
    if (s < 0) continue;
    if (s >= m.nStaff) {
      out.push(`duty ${d}: holder ${s} out of range`);
      continue;
    }
    if (!m.eligible[d * m.nStaff + s]) out.push(`duty ${d}: staff ${s} not eligible`);
    load[s] += m.minutes[d];
    byStaff[s].push(d);
  }
  for (let s = 0; s < m.nStaff; s++) {
    const list = byStaff[s];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        if (dutiesClash(m, list[i], list[j])) out.push(`staff ${s}: duties ${list[i]} and ${list[j]} overlap`);
    if (load[s] > m.maxMinutes[s] + 1e-9) out.push(`staff ${s}: load ${load[s]} > max ${m.maxMinutes[s]}`);
  }
  return out;
}
