// Issue 16's targets through the public solve(): the longhutang example's staff cover within 0.5 % of its own
// proven lower bound, the bound the converged column generation (the Dantzig–Wolfe bound, stronger than the 16
// bundle rounds that stopped at 8,676.9), and the week clean by the independent checker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Instance } from '../../../src/model/schema.js';
import { check } from '../../../src/checker/index.js';
import { solve } from '../../../src/solver/index.js';

describe('issue 16 targets (public solve)', () => {
  it('longhutang: reported cover gap ≤ 0.5 %, bound from the converged master, checker clean', () => {
    const instance = JSON.parse(readFileSync(new URL('../../../examples/longhutang.json', import.meta.url), 'utf8')) as Instance;
    const { schedule } = solve(instance, { seed: 1, semester: false });
    const cover = schedule.report.cover as { cost: number; bound: number; gap: number };
    expect(check(instance, schedule).violations).toEqual([]);
    expect(cover.bound).toBeLessThanOrEqual(cover.cost);
    expect(cover.gap).toBeLessThanOrEqual(0.005);
    expect((cover.cost - cover.bound) / cover.cost).toBeLessThanOrEqual(0.005);
    // measured 8,731.89 (column generation converged in 23 rounds); the bundle method stopped at 8,676.88
    expect(cover.bound).toBeGreaterThan(8_725);
  }, 120_000);
});
