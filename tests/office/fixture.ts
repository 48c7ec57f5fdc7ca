// Shared by the office tests: the bundled small example and its plan (solved once per test file, checked by the
// independent checker), through the library's public entry.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { check, solve, validateInstance, type Instance, type Schedule } from '../../src/index.js';

export const ROOT = resolve(__dirname, '../..');

export function loadExample(name: 'small' | 'longhutang'): Instance {
  const v = validateInstance(JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.json`), 'utf8')));
  if (!v.ok) throw new Error(`examples/${name}.json is invalid`);
  return v.instance;
}

const plans = new Map<Instance, Schedule>();

/** solve (seed 1) and check: no violation allowed */
export function planOf(instance: Instance): Schedule {
  let s = plans.get(instance);
  if (!s) {
    s = solve(instance, { seed: 1, timeLimit: 5 }).schedule;
    expect(check(instance, s).violations).toEqual([]);
    plans.set(instance, s);
  }
  return s;
}
