import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import { validateInstance, validateSchedule } from '../../src/model/validate.js';
import { checkerSchool, checkerSchoolSchedule, fired } from '../fixtures/checker-school.js';

describe('checker fixture', () => {
  it('the fixture documents are valid', () => {
    const i = validateInstance(checkerSchool());
    expect(i.ok ? [] : i.errors).toEqual([]);
    const s = validateSchedule(checkerSchoolSchedule());
    expect(s.ok ? [] : s.errors).toEqual([]);
  });

  it('the hand-made schedule satisfies every rule', () => {
    const r = check(checkerSchool(), checkerSchoolSchedule());
    expect(fired(r)).toEqual([]);
    expect(r.shortfalls).toEqual([]);
    expect(r.clubCost).toBe(115);
  });

  it('a structurally broken schedule yields FORMAT only', () => {
    const s = checkerSchoolSchedule() as unknown as { week: Record<string, unknown> };
    delete s.week.duties;
    const r = check(checkerSchool(), s as never);
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations.every((v) => v.rule === 'FORMAT')).toBe(true);
    expect(r.violations.map((v) => v.path)).toContain('/week/duties');
  });
});
