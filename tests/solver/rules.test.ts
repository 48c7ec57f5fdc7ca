// The solver's staff rules (src/solver/rules.ts), one small test per rule.
import { describe, expect, it } from 'vitest';
import type { Staff } from '../../src/model/schema.js';
import {
  availableOn,
  hasClubSkill,
  isInsider,
  isVettedSecurity,
  mayHoldGroupBlock,
  mayServe,
  mayTakeLatePickup,
  NO_WEEKLY_LIMIT,
  overlaps,
  weeklyLimitMinutes,
} from '../../src/solver/rules.js';

const person = (extra: Partial<Staff>): Staff => ({ id: 'x', name: '某人', roles: ['teacher'], ...extra }) as Staff;

describe('solver rules', () => {
  it('P3 insiders hold the teacher or leader role', () => {
    expect(isInsider(['teacher'])).toBe(true);
    expect(isInsider(['leader'])).toBe(true);
    expect(isInsider(['coach'])).toBe(false);
    expect(isInsider(['security'])).toBe(false);
  });

  it('P2 P3 exempt, misconduct and unvetted outsiders take no duty', () => {
    expect(mayServe(person({}))).toBe(true);
    expect(mayServe(person({ exempt: true }))).toBe(false);
    expect(mayServe(person({ misconduct: true }))).toBe(false);
    expect(mayServe(person({ roles: ['coach'] }))).toBe(false);
    expect(mayServe(person({ roles: ['coach'], vetted: true }))).toBe(true);
    expect(mayServe(person({ roles: ['coach'], vetted: true, misconduct: true }))).toBe(false);
  });

  it('P2 unavailable weekdays exclude every duty on them', () => {
    expect(availableOn(0b00001, 0b00010)).toBe(true);
    expect(availableOn(0b00011, 0b00010)).toBe(false);
    expect(availableOn(0b00001, 0b10001)).toBe(false); // a club meeting on several days: any of them
  });

  it('P3 group blocks only for insiders', () => {
    expect(mayHoldGroupBlock(true)).toBe(true);
    expect(mayHoldGroupBlock(false)).toBe(false);
  });

  it('P4 a club with a skill needs that skill; a club without one takes anyone', () => {
    expect(hasClubSkill(new Set(['football']), 'football')).toBe(true);
    expect(hasClubSkill(new Set(['choir']), 'football')).toBe(false);
    expect(hasClubSkill(new Set(), undefined)).toBe(true);
  });

  it('P5 half-open intervals: overlapping clash, touching do not', () => {
    expect(overlaps(900, 960, 930, 990)).toBe(true);
    expect(overlaps(900, 960, 960, 1000)).toBe(false);
    expect(overlaps(960, 1000, 900, 960)).toBe(false);
    expect(overlaps(900, 1000, 920, 940)).toBe(true);
  });

  it('P7 late pickup: insiders, or vetted outsiders with the security role', () => {
    const guard = person({ roles: ['security'], vetted: true });
    expect(isVettedSecurity(guard)).toBe(true);
    expect(isVettedSecurity(person({ roles: ['security'] }))).toBe(false);
    expect(isVettedSecurity(person({ roles: ['teacher', 'security'] }))).toBe(false); // an insider already may
    expect(mayTakeLatePickup(false, isVettedSecurity(guard))).toBe(true);
    expect(mayTakeLatePickup(true, false)).toBe(true);
    expect(mayTakeLatePickup(false, isVettedSecurity(person({ roles: ['coach'], vetted: true })))).toBe(false);
  });

  it('P8 weekly limit in minutes, none without maxPeriodsPerWeek', () => {
    expect(weeklyLimitMinutes(person({ maxPeriodsPerWeek: 4 }), 40)).toBe(160);
    expect(weeklyLimitMinutes(person({}), 40)).toBe(NO_WEEKLY_LIMIT);
    expect(1e12 > NO_WEEKLY_LIMIT).toBe(false);
  });
});
