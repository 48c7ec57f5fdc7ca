// The planner's schedules pass the independent checker (and the checker is fast on a real school).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance } from '../../src/model/schema.js';
import { validateInstance } from '../../src/model/validate.js';
import { solve } from '../../src/solver/index.js';

const load = (name: string): Instance => {
  const v = validateInstance(JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')));
  if (!v.ok) throw new Error(`examples/${name}.json is invalid: ${v.errors.map((e) => e.path + ' ' + e.message).join('; ')}`);
  return v.instance;
};

describe('solve → check', () => {
  it('examples/small.json: the planner’s schedule breaks no rule', () => {
    const instance = load('small');
    const { schedule } = solve(instance, { seed: 1, timeLimit: 5 });
    const r = check(instance, schedule);
    expect(r.violations.map((v) => `${v.rule} ${v.path} ${v.message}`)).toEqual([]);
  });

  it('examples/longhutang.json: no violation, checked in < 200 ms', () => {
    const instance = load('longhutang');
    const { schedule } = solve(instance, { seed: 1, timeLimit: 2 });
    const r = check(instance, schedule);
    expect(r.violations.map((v) => `${v.rule} ${v.path} ${v.message}`)).toEqual([]);
    // CPU time, best of 5 (wall time on a shared 2-core machine measures the neighbours, not the checker)
    const cpu: number[] = [];
    for (let k = 0; k < 5; k++) {
      const c = process.cpuUsage();
      check(instance, schedule);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    expect(Math.min(...cpu)).toBeLessThan(200);
  });
});
