// P6 the weekly inspection pattern (行政巡视表): each leader inspects on a fixed weekday (or a few), the way a school
// posts it (周一 许华章, 周二 荆亚琴, …), while the semester counts stay even (spread ≤ 1) and holidays and 调休 days
// are absorbed without reshuffling the pattern.
//
// 1. Pinned leaders (`inspectionDays`) take their weekdays' dates (when they may inspect that date).
// 2. Every other slot is shared by water-filling: each leader ends with the same count (±1) unless they can take
//    fewer (leave, unavailable weekdays), counting the pinned dates they already have.
// 3. Which weekdays: a min-cost flow weekday → leader (network simplex, so the answer is a vertex: a forest, at
//    most leaders + weekdays − 1 (leader, weekday) pairs). Each unpinned leader has a home weekday (cost 0; a
//    weekday where they hold few duties); any other weekday costs more, plus the duty minutes they would hand over.
// 4. Which dates: chronologically, each date's slots go to the weekday's leaders by their share — the most urgent
//    (fewest spare dates left) first, then the one furthest behind their share, then not yesterday's inspector.
// A holiday just removes a date of its weekday; a 调休 date runs its `as` weekday's timetable and so its pattern.
import { WEEKDAYS, type WeekdayName } from '../../model/schema.js';
import { createNetworkBuilder, minCostFlow } from '../kernel/flow.js';
import type { ServiceDate } from '../../model/calendar.js';

/** A leader who may inspect (role leader, not exempt, no misconduct). */
export type PatternLeader = {
  readonly id: string;
  readonly index: number;
  /** weekday pins (`inspectionDays`) */
  readonly pinned: ReadonlySet<WeekdayName>;
};

export type PatternInput = {
  readonly dates: readonly ServiceDate[];
  readonly leaders: readonly PatternLeader[];
  readonly perDay: number;
  /** may this leader inspect on date number `d` (not on leave, not unavailable that weekday)? */
  readonly mayInspect: (leader: PatternLeader, d: number) => boolean;
  /** minutes of template duty this leader would hand over when inspecting on this weekday */
  readonly dutyMinutes: (leader: PatternLeader, day: WeekdayName) => number;
};

export type InspectionPattern = {
  /** per date, the proposed inspectors (fewer than perDay when nobody may take a slot) */
  readonly plan: readonly (readonly string[])[];
  /** each unpinned leader's home weekday */
  readonly home: ReadonlyMap<string, WeekdayName>;
  /** (leader, weekday) → number of dates planned there */
  readonly share: ReadonlyMap<string, ReadonlyMap<WeekdayName, number>>;
};

const BIG = 1_000_000;
const OFF_HOME = 1_000;

/** P6 the weekly inspection pattern: see the file header. */
export function planInspectionPattern(input: PatternInput): InspectionPattern {
  const { dates, leaders, perDay } = input;
  const plan: string[][] = dates.map(() => []);
  const count = new Map<string, number>(leaders.map((l) => [l.id, 0] as const));
  // 1. pins
  dates.forEach((d, i) => {
    const pinned = leaders
      .filter((l) => l.pinned.has(d.as) && input.mayInspect(l, i))
      .sort((a, b) => (count.get(a.id) ?? 0) - (count.get(b.id) ?? 0) || a.index - b.index);
    for (const l of pinned.slice(0, perDay)) {
      plan[i].push(l.id);
      count.set(l.id, (count.get(l.id) ?? 0) + 1);
    }
  });
  const open = dates.map((_, i) => perDay - plan[i].length);
  const weekdays = [...new Set(dates.map((d) => d.as))];
  const wIndex = new Map(weekdays.map((w, k) => [w, k] as const));
  // available open dates per (leader, weekday), and in total
  const avail = leaders.map(() => new Int32Array(weekdays.length));
  const cap = new Int32Array(leaders.length);
  dates.forEach((d, i) => {
    if (open[i] === 0) return;
    leaders.forEach((l, k) => {
      if (plan[i].includes(l.id) || !input.mayInspect(l, i)) return;
      avail[k][wIndex.get(d.as)!]++;
      cap[k]++;
    });
  });
  const openTotal = open.reduce((a, b) => a + b, 0);
  // 2. water-filling: the largest level whose extra slots fit, then one more for some
  const pre = leaders.map((l) => count.get(l.id) ?? 0);
  const extraAt = (level: number): number[] => leaders.map((_, k) => Math.max(0, Math.min(pre[k] + cap[k], level) - pre[k]));
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  let level = 0;
  const top = Math.max(0, ...pre.map((p, k) => p + cap[k]));
  while (level < top && sum(extraAt(level + 1)) <= openTotal) level++;
  const lo = extraAt(level);
  const hi = extraAt(level + 1);
  // home weekdays for unpinned leaders: the open weekday with fewest homes so far, fewest duties, then the earliest weekday
  const home = new Map<string, WeekdayName>();
  const homes = new Int32Array(weekdays.length);
  const openOn = new Int32Array(weekdays.length);
  dates.forEach((d, i) => (openOn[wIndex.get(d.as)!] += open[i]));
  leaders.forEach((l, k) => {
    if (l.pinned.size > 0 || hi[k] === 0) return;
    let best = -1;
    for (let w = 0; w < weekdays.length; w++) {
      if (avail[k][w] === 0) continue;
      // not the number of dates: a holiday must not move anybody's weekday
      const key = [homes[w], input.dutyMinutes(l, weekdays[w]), WEEKDAYS.indexOf(weekdays[w])];
      if (best < 0 || less(key, [homes[best], input.dutyMinutes(l, weekdays[best]), WEEKDAYS.indexOf(weekdays[best])])) best = w;
    }
    if (best >= 0) {
      home.set(l.id, weekdays[best]);
      homes[best]++;
    }
  });
  // 3. the weekday shares: weekday w (supply: its open slots) → leader k → sink
  const W = weekdays.length;
  const L = leaders.length;
  const sink = W + L;
  const b = createNetworkBuilder(W + L + 1);
  const pair: { arc: number; k: number; w: number }[] = [];
  for (let w = 0; w < W; w++) {
    b.setSupply(w, openOn[w]);
    for (let k = 0; k < L; k++) {
      if (avail[k][w] === 0 || hi[k] === 0) continue;
      const l = leaders[k];
      const cost = (home.get(l.id) === weekdays[w] ? 0 : OFF_HOME) + input.dutyMinutes(l, weekdays[w]) + (l.pinned.size > 0 ? OFF_HOME : 0);
      pair.push({ arc: b.addArc(w, W + k, avail[k][w], cost), k, w });
    }
    b.addArc(w, sink, openOn[w], BIG); // slots nobody can take
  }
  for (let k = 0; k < L; k++) {
    if (lo[k] > 0) b.addArc(W + k, sink, lo[k], -BIG);
    if (hi[k] > lo[k]) b.addArc(W + k, sink, hi[k] - lo[k], 0);
  }
  b.setSupply(sink, -openTotal);
  const result = minCostFlow(b.build());
  const quota = leaders.map(() => new Int32Array(W));
  const share = new Map<string, Map<WeekdayName, number>>();
  for (const p of pair) {
    const f = result.flow[p.arc];
    if (f <= 0) continue;
    quota[p.k][p.w] = f;
    const m = share.get(leaders[p.k].id) ?? new Map<WeekdayName, number>();
    m.set(weekdays[p.w], f);
    share.set(leaders[p.k].id, m);
  }
  // 4. dates: chronological, by urgency, then share, then not yesterday's inspector
  const seen = new Int32Array(W); // dates of each weekday handled so far
  const total = new Int32Array(W);
  dates.forEach((d) => total[wIndex.get(d.as)!]++);
  const taken = leaders.map(() => new Int32Array(W));
  // spare[k][w][t]: available open dates of weekday w for leader k from its t-th date on (suffix counts)
  const byWeekday: number[][] = weekdays.map(() => []);
  dates.forEach((d, i) => byWeekday[wIndex.get(d.as)!].push(i));
  const suffix = leaders.map((l) =>
    byWeekday.map((list) => {
      const s = new Int32Array(list.length + 1);
      for (let t = list.length - 1; t >= 0; t--) {
        const i = list[t];
        s[t] = s[t + 1] + (open[i] > 0 && !plan[i].includes(l.id) && input.mayInspect(l, i) ? 1 : 0);
      }
      return s;
    }),
  );
  let yesterday = new Set<string>();
  dates.forEach((d, i) => {
    const w = wIndex.get(d.as)!;
    const t = seen[w]++;
    const n = total[w];
    const mine = new Set(plan[i]);
    for (let slot = 0; slot < open[i]; slot++) {
      let best = -1;
      let bestKey: number[] = [];
      leaders.forEach((l, k) => {
        if (mine.has(l.id) || quota[k][w] - taken[k][w] <= 0 || !input.mayInspect(l, i)) return;
        const left = quota[k][w] - taken[k][w];
        const slack = suffix[k][w][t] - left;
        // behind their share: taken − quota × (t + 1) / n, cross-multiplied
        const behind = taken[k][w] * n - quota[k][w] * (t + 1);
        const key = [slack, behind, yesterday.has(l.id) ? 1 : 0, l.index];
        if (best < 0 || less(key, bestKey)) {
          best = k;
          bestKey = key;
        }
      });
      if (best < 0) break; // no planned share left: the caller fills the slot
      taken[best][w]++;
      plan[i].push(leaders[best].id);
      mine.add(leaders[best].id);
    }
    yesterday = new Set(plan[i]);
  });
  return { plan, home, share };
}

const less = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};
