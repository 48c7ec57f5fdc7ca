// The largest preset (≈19,000 students, 450 classes, 1,150 staff) solves end to end and the independent checker
// finds nothing: a regression test for the cover flow whose uncovered penalty once overflowed the kernel's exact
// range ("costs … too large for exact arithmetic") at this size.
import { describe, expect, it } from 'vitest';
import { generateSchool } from '../../src/generate/build.js';
import { solve } from '../../src/solver/index.js';
import { check } from '../../src/checker/index.js';

describe('whole-district scale', () => {
  it('the stress preset gets a full plan that passes the checker', () => {
    const instance = generateSchool({ preset: 'stress', seed: 1 });
    const { schedule } = solve(instance, { seed: 1, semester: false });
    expect(schedule.week.groups.length).toBeGreaterThan(2000);
    expect(schedule.shortfalls ?? []).toEqual([]);
    expect(check(instance, schedule).violations).toEqual([]);
  }, 120_000);
});
