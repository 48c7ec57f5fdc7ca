// Tiny cover problems for tests: an instance holding only staff (and clubs) for hand-made duties, and the exact
// cover optimum of a tiny model by brute force — every assignment of holders −1..nStaff−1 that keeps the hard rules
// (coverViolations), the cheapest by the cover stage's own objective (evaluateCover).
import type { Club, Instance, Staff } from '../../../src/model/schema.js';
import { coverViolations, evaluateCover, type CoverModel } from '../../../src/solver/cover/model.js';

/** an instance with only these staff (and clubs): the duties are given to the cover stage by hand */
export function coverInstance(staff: Staff[], clubs: Club[] = []): Instance {
  return {
    format: 'kehou.instance/1',
    school: { name: '测试小学', stage: 'primary', lessonMinutes: 40 },
    calendar: { start: '2026-09-07', end: '2026-09-18', serviceWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    timelines: [],
    rooms: [],
    classes: [],
    staff,
    clubs,
    students: [],
  };
}

export function bruteForceOptimum(m: CoverModel): number {
  const n = m.nDuties;
  const S = m.nStaff;
  const holder = new Int32Array(n).fill(-1);
  let best = Infinity;
  const rec = (i: number): void => {
    if (i === n) {
      if (coverViolations(m, holder).length === 0) best = Math.min(best, evaluateCover(m, holder).cost);
      return;
    }
    for (let s = -1; s < S; s++) {
      if (s >= 0 && !m.eligible[i * S + s]) continue;
      holder[i] = s;
      rec(i + 1);
    }
    holder[i] = -1;
  };
  rec(0);
  return best;
}
