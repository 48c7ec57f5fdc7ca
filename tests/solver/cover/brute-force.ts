// The exact cover optimum of a tiny model by brute force, for tests: every assignment of holders −1..nStaff−1 that
// keeps the hard rules (coverViolations), the cheapest by the cover stage's own objective (evaluateCover).
import { coverViolations, evaluateCover, type CoverModel } from '../../../src/solver/cover/model.js';

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
