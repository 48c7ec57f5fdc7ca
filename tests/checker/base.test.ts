import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import { validateInstance, validateSchedule } from '../../src/model/validate.js';
import { baseInstance, baseSchedule, fired } from './fixtures.js';

describe('checker fixture', () => {
  it('the fixture documents are valid', () => {
    const i = validateInstance(baseInstance());
    expect(i.ok ? [] : i.errors).toEqual([]);
    const s = validateSchedule(baseSchedule());
    expect(s.ok ? [] : s.errors).toEqual([]);
  });

  it('the hand-made schedule satisfies every rule', () => {
    const r = check(baseInstance(), baseSchedule());
    expect(fired(r)).toEqual([]);
    expect(r.shortfalls).toEqual([]);
    expect(r.clubCost).toBe(115);
  });

  it('a structurally broken schedule yields FORMAT only', () => {
    const s = baseSchedule() as unknown as { week: Record<string, unknown> };
    delete s.week.duties;
    const r = check(baseInstance(), s as never);
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations.every((v) => v.rule === 'FORMAT')).toBe(true);
    expect(r.violations.map((v) => v.path)).toContain('/week/duties');
  });
});
