// The revised simplex of the cover master (src/solver/kernel/lp.ts): every answer is checked by an optimality
// certificate computed here from the columns alone — primal feasibility (A x = b, x ≥ 0), dual feasibility (every
// reduced cost c_j − y·a_j ≥ 0) and equal objectives (c·x = y·b) — over random LPs, with columns added between
// solves, costs changed, a crash basis, and LPs long enough to pass several reinversions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addColumn, crashBasis, createLp, duals, objective, primalValues, setCost, solveLp, type Lp, type LpColumn } from '../../../src/solver/kernel/lp.js';
import { seededRandom } from '../../../src/solver/kernel/random.js';

/** The certificate: returns the worst violation of each condition (all ≈ 0 for an optimal basis). */
function certificate(lp: Lp): { infeasibility: number; negativeValue: number; negativeReducedCost: number; dualityGap: number } {
  const x = primalValues(lp);
  const y = duals(lp);
  const ax = new Float64Array(lp.m);
  let negativeValue = 0;
  let negativeReducedCost = 0;
  let cx = 0;
  lp.columns.forEach((col, j) => {
    negativeValue = Math.max(negativeValue, -x[j]);
    cx += col.cost * x[j];
    let r = col.cost;
    col.rows.forEach((k, t) => {
      ax[k] += col.vals[t] * x[j];
      r -= y[k] * col.vals[t];
    });
    negativeReducedCost = Math.max(negativeReducedCost, -r / Math.max(1, Math.abs(col.cost)));
  });
  let infeasibility = 0;
  let yb = 0;
  for (let k = 0; k < lp.m; k++) {
    // the LP solves A x = b with b perturbed by ≤ 2e-7 a row (anti-stalling): the certificate is for that b
    expect(Math.abs(lp.bPerturbed[k] - lp.b[k])).toBeLessThan(3e-7);
    infeasibility = Math.max(infeasibility, Math.abs(ax[k] - lp.bPerturbed[k]));
    yb += y[k] * lp.bPerturbed[k];
  }
  return { infeasibility, negativeValue, negativeReducedCost, dualityGap: Math.abs(cx - yb) / Math.max(1, Math.abs(cx)) };
}

function expectOptimal(lp: Lp): void {
  const c = certificate(lp);
  expect(c.infeasibility).toBeLessThan(1e-6);
  expect(c.negativeValue).toBeLessThan(1e-6);
  expect(c.negativeReducedCost).toBeLessThan(1e-7);
  expect(c.dualityGap).toBeLessThan(1e-6);
}

/** A random master-like column: 1–`width` rows with small positive integer entries, an integer cost. */
function randomColumn(rng: () => number, m: number, width: number): LpColumn {
  const rows = new Set<number>();
  const n = 1 + Math.floor(rng() * width);
  while (rows.size < Math.min(n, m)) rows.add(Math.floor(rng() * m));
  const sorted = [...rows].sort((a, b) => a - b);
  return {
    rows: Int32Array.from(sorted),
    vals: Float64Array.from(sorted, () => 1 + Math.floor(rng() * 3)),
    cost: Math.floor(rng() * 50),
  };
}

function randomLp(rng: () => number, m: number): Lp {
  const b = Float64Array.from({ length: m }, () => 1 + Math.floor(rng() * 9));
  // the identity basis: expensive unit columns (like the master's over-cover columns)
  const identity = Array.from({ length: m }, (_, i) => ({ rows: Int32Array.of(i), vals: Float64Array.of(1), cost: 500 }));
  return createLp(b, identity);
}

describe('LP kernel: optimality certificate', () => {
  it('solves a small LP to its known optimum and duals', () => {
    // min x + 2y + 3z  s.t.  x + y = 1,  y + z = 1  (plus expensive identity columns) → y = 1, cost 2
    const lp = createLp(Float64Array.of(1, 1), [
      { rows: Int32Array.of(0), vals: Float64Array.of(1), cost: 100 },
      { rows: Int32Array.of(1), vals: Float64Array.of(1), cost: 100 },
    ]);
    addColumn(lp, { rows: Int32Array.of(0), vals: Float64Array.of(1), cost: 1 });
    addColumn(lp, { rows: Int32Array.of(0, 1), vals: Float64Array.of(1, 1), cost: 2 });
    addColumn(lp, { rows: Int32Array.of(1), vals: Float64Array.of(1), cost: 3 });
    expect(solveLp(lp, 100)).toBe(true);
    expect(objective(lp)).toBeCloseTo(2, 5);
    expectOptimal(lp);
  });

  it('random LPs, columns added and costs changed between solves (warm starts)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 5 }), (seed, m, width) => {
        const rng = seededRandom(seed);
        const lp = randomLp(rng, m);
        for (let batch = 0; batch < 4; batch++) {
          const n = 2 + Math.floor(rng() * 3 * m);
          for (let j = 0; j < n; j++) addColumn(lp, randomColumn(rng, m, width));
          if (batch === 2) for (let j = m; j < lp.columns.length; j += 3) setCost(lp, j, Math.floor(rng() * 50));
          expect(solveLp(lp, 100_000)).toBe(true);
          expectOptimal(lp);
        }
      }),
      { seed: 16, numRuns: 120 },
    );
  });

  it('a crash basis from a known feasible solution: kept when it factors, the identity otherwise; optimal either way', () => {
    let keptCount = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 3, max: 12 }), (seed, m) => {
        const rng = seededRandom(seed);
        // b = Σ w_j a_j over a few chosen columns + a slack on some rows: a feasible solution by construction
        const cols = Array.from({ length: 3 * m }, () => randomColumn(rng, m, 3));
        const chosen = cols.slice(0, Math.max(1, Math.floor(m / 2)));
        const b = new Float64Array(m);
        for (const c of chosen) c.rows.forEach((k, t) => (b[k] += c.vals[t]));
        const keep = new Uint8Array(m);
        for (let k = 0; k < m; k++) if (b[k] === 0 || rng() < 0.3) ((b[k] += 1), (keep[k] = 1));
        const lp = createLp(b, Array.from({ length: m }, (_, i) => ({ rows: Int32Array.of(i), vals: Float64Array.of(1), cost: 500 })));
        const idx = cols.map((c) => addColumn(lp, c));
        const kept = crashBasis(lp, idx.slice(0, chosen.length), keep);
        if (kept) {
          keptCount++;
          // the crash basis holds the constructed solution: every chosen column at 1
          const x = primalValues(lp);
          for (const j of idx.slice(0, chosen.length)) expect(x[j]).toBeCloseTo(1, 5);
        }
        expect(solveLp(lp, 100_000)).toBe(true);
        expectOptimal(lp);
      }),
      { seed: 17, numRuns: 80 },
    );
    expect(keptCount).toBeGreaterThan(20); // 33 of 80 at this seed
  });

  it('an LP of thousands of pivots (several reinversions) stays optimal by the certificate', () => {
    const rng = seededRandom(7);
    const m = 120;
    const lp = randomLp(rng, m);
    let pivots = 0;
    for (let batch = 0; batch < 6; batch++) {
      for (let j = 0; j < 400; j++) addColumn(lp, randomColumn(rng, m, 8));
      expect(solveLp(lp, 1_000_000)).toBe(true);
      expectOptimal(lp);
      pivots = lp.pivots;
    }
    expect(pivots).toBeGreaterThan(2_000); // 3,398 at this seed: a dozen reinversions (every 256 pivots)
  });
});
