// Wanted holders for cover duties, honoured after the cover search: a staff pin (王老师 always takes 3-2 on
// Mondays, `staff[].pins`) or, when re-planning with `--keep`, the holder a duty had in the previous schedule.
// Each want is tried in order: the wanted person takes the duty, their clashing duties go to somebody else
// (the previous holder of that duty first, then the best fitting free colleague); if anything would be left
// uncovered or a duty already honoured would move, the want is rolled back and reported with its reason.
// Only the holders change; the objective is recomputed (the cover's lower bound stays valid, the gap grows).
import { compileCover, evaluateCover, blockCategory, CAT_HOMEROOM, CAT_GRADE, DUTY_BLOCK, type CoverDuty, type CoverModel } from './model.js';
import { WEEKDAYS, type Instance } from '../../model/schema.js';
import { overlaps } from '../rules.js';
import type { CoverResult } from './index.js';

/** One wanted holder: duty index, staff index (into instance.staff), and whose wish it is. */
export type CoverWant = { readonly duty: number; readonly staff: number; readonly source: 'pin' | 'keep'; readonly tag?: string };

export type UnmetWant = { readonly want: CoverWant; readonly reason: string };

export type WantsResult = {
  readonly holder: Int32Array;
  readonly met: number;
  readonly unmet: readonly UnmetWant[];
  readonly objective: ReturnType<typeof evaluateCover>;
};

const WEEKDAY_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Do duties a and b meet on a common weekday at overlapping times (P5)? */
const clash = (m: CoverModel, a: number, b: number): boolean =>
  (m.dayMask[a] & m.dayMask[b]) !== 0 && overlaps(m.start[a], m.end[a], m.start[b], m.end[b]);

/** Chinese reason why staff s may never take duty d (P2 P3 P4 P7 or the weekday), or undefined. */
function staticReason(m: CoverModel, d: number, s: number): string | undefined {
  if (m.eligible[d * m.nStaff + s]) return undefined;
  const st = m.instance.staff[s];
  if (st.exempt) return `${st.name}已免于课后服务`;
  if (st.misconduct) return `${st.name}有师德师风问题记录`;
  const days = WEEKDAYS.flatMap((_, k) => ((m.dayMask[d] & m.unavailable[s] & (1 << k)) !== 0 ? [WEEKDAY_ZH[k]] : []));
  if (days.length > 0) return `${st.name}${days.join('、')}不可安排`;
  if (m.kind[d] === DUTY_BLOCK && !m.insider[s]) return `${st.name}不是校内教师，不能看护学生组`;
  const skill = m.duties[d].skill;
  if (skill !== undefined && !m.skills[s].has(skill)) return `${st.name}不具备「${skill}」技能`;
  return `${st.name}不符合该任务的条件`;
}

/**
 * Honour the wants in order on top of the cover search's holders (see the file header). `fixed` marks duties
 * whose current holder must not move (already as wanted); `prefer(d)` names a staff index to try first when
 * duty d has to move (its previous holder when re-planning), or −1.
 */
export function honourWants(
  m: CoverModel,
  start: Int32Array,
  wants: readonly CoverWant[],
  options: { readonly fixed?: ReadonlySet<number>; readonly prefer?: (duty: number) => number } = {},
): WantsResult {
  const holder = start.slice();
  const nS = m.nStaff;
  const load = new Float64Array(nS);
  const mine: Set<number>[] = Array.from({ length: nS }, () => new Set<number>());
  for (let d = 0; d < m.nDuties; d++) {
    const s = holder[d];
    if (s < 0) continue;
    load[s] += m.minutes[d];
    mine[s].add(d);
  }
  const fixed = new Set<number>(options.fixed ?? []);
  const unmet: UnmetWant[] = [];
  let met = 0;
  const move = (d: number, to: number): void => {
    const from = holder[d];
    if (from >= 0) {
      load[from] -= m.minutes[d];
      mine[from].delete(d);
    }
    holder[d] = to;
    if (to >= 0) {
      load[to] += m.minutes[d];
      mine[to].add(d);
    }
  };
  const freeFor = (s: number, d: number): boolean => {
    for (const x of mine[s]) if (x !== d && clash(m, x, d)) return false;
    return load[s] + m.minutes[d] <= m.maxMinutes[s] + 1e-9;
  };
  /** the best free colleague for a displaced duty: preferred one first, then homeroom/grade fit, then lowest load */
  const rehome = (d: number, not: ReadonlySet<number>): number => {
    const p = options.prefer?.(d) ?? -1;
    if (p >= 0 && !not.has(p) && m.eligible[d * nS + p] && freeFor(p, d)) return p;
    let best = -1;
    let bestKey = [Infinity, Infinity, Infinity];
    for (let s = 0; s < nS; s++) {
      if (not.has(s) || !m.eligible[d * nS + s] || !freeFor(s, d)) continue;
      const cat = m.kind[d] === DUTY_BLOCK ? blockCategory(m, d, s) : 2;
      const key = [cat === CAT_HOMEROOM ? 0 : cat === CAT_GRADE ? 1 : 2, load[s], s];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
        best = s;
        bestKey = key;
      }
    }
    return best;
  };
  const label = (d: number): string => m.duties[d].label;
  for (const w of wants) {
    const d = w.duty;
    const s = w.staff;
    if (holder[d] === s) {
      fixed.add(d);
      met++;
      continue;
    }
    const why = staticReason(m, d, s);
    if (why !== undefined) {
      unmet.push({ want: w, reason: why });
      continue;
    }
    if (fixed.has(d)) {
      const other = holder[d] >= 0 ? m.instance.staff[holder[d]].name : '他人';
      unmet.push({ want: w, reason: `${label(d)} 已固定由${other}承担` });
      continue;
    }
    const blocking = [...mine[s]].filter((x) => clash(m, x, d));
    const pinned = blocking.find((x) => fixed.has(x));
    if (pinned !== undefined) {
      unmet.push({ want: w, reason: `${m.instance.staff[s].name}同一时段已固定承担 ${label(pinned)}` });
      continue;
    }
    // tentative: s gives up the clashing duties and takes d; each given-up duty needs another holder
    const undo: [number, number][] = [];
    const apply = (x: number, to: number): void => {
      undo.push([x, holder[x]]);
      move(x, to);
    };
    for (const x of blocking) apply(x, -1);
    const rollback = (): void => {
      for (const [x, h] of undo.reverse()) move(x, h);
    };
    // P8: over the weekly limit, other (not fixed) duties of s go to colleagues, largest first
    let failed: number | undefined;
    const over = (): boolean => load[s] + m.minutes[d] > m.maxMinutes[s] + 1e-9;
    if (over()) {
      const others = [...mine[s]].filter((x) => !fixed.has(x) && x !== d).sort((a, b) => m.minutes[b] - m.minutes[a] || a - b);
      for (const x of others) {
        if (!over()) break;
        const to = rehome(x, new Set([s]));
        if (to >= 0) apply(x, to);
      }
      if (over()) {
        rollback();
        const st = m.instance.staff[s];
        unmet.push({ want: w, reason: `${st.name}每周最多 ${st.maxPeriodsPerWeek} 课时，再承担此任务将超出（其他任务无人接替）` });
        continue;
      }
    }
    apply(d, s);
    for (const x of blocking) {
      const to = rehome(x, new Set([s]));
      if (to < 0) {
        failed = x;
        break;
      }
      apply(x, to);
    }
    if (failed !== undefined) {
      rollback();
      unmet.push({ want: w, reason: `${m.instance.staff[s].name}原有的 ${label(failed)} 无人接替` });
      continue;
    }
    fixed.add(d);
    met++;
  }
  return { holder, met, unmet, objective: evaluateCover(m, holder) };
}

/**
 * The cover stage's hook for wanted holders (pins, --keep): the search's result with the wants honoured in two
 * passes — pins first (nothing fixed), then the keep wants (pins and kept duties fixed) — and the objective, cost
 * and gap recomputed (the lower bound stays a valid bound). Uncovered duties stay exactly the same.
 */
export function applyWants(
  instance: Instance,
  duties: readonly CoverDuty[],
  result: CoverResult,
  pins: readonly CoverWant[],
  keep?: { readonly wants: readonly CoverWant[]; readonly fixed: ReadonlySet<number>; readonly prefer: (duty: number) => number },
): { result: CoverResult; unmet: UnmetWant[]; met: number } {
  const m = compileCover(instance, duties);
  const first = honourWants(m, result.holder, pins);
  const pinnedDuties = new Set(pins.filter((w) => first.holder[w.duty] === w.staff).map((w) => w.duty));
  let holder = first.holder;
  let objective = first.objective;
  const unmet = [...first.unmet];
  let met = first.met;
  if (keep) {
    // a kept duty whose holder a pin moved is a want again (it may come back)
    const fixed = new Set([...pinnedDuties, ...[...keep.fixed].filter((d) => holder[d] === keep.prefer(d))]);
    const wants = [
      ...keep.wants,
      ...[...keep.fixed].filter((d) => holder[d] !== keep.prefer(d)).map((d) => ({ duty: d, staff: keep.prefer(d), source: 'keep' as const })),
    ].sort((a, b) => a.duty - b.duty);
    const second = honourWants(m, holder, wants, { fixed, prefer: keep.prefer });
    holder = second.holder;
    objective = second.objective;
    unmet.push(...second.unmet);
    met += second.met;
  }
  const changed = holder.some((h, d) => h !== result.holder[d]);
  if (!changed) return { result, unmet, met };
  const cost = objective.cost;
  const bound = Math.min(result.bound, cost);
  const gap = (cost - bound) / Math.max(1, Math.abs(cost));
  const status: CoverResult['status'] = result.status === 'timedout' ? 'timedout' : gap <= 1e-7 ? 'optimal' : 'feasible';
  return {
    result: { ...result, status, holder, objective: { ...objective.objective }, cost, bound, gap, loadMinutes: objective.loadMinutes },
    unmet,
    met,
  };
}
