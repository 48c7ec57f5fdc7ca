// The no-change guard of the solver's house (issue 9): the same instance and seed give a byte-identical schedule,
// apart from report.timingsMs and report.solveMs, on both examples and every generator preset. The goldens in
// tests/fixtures/golden-hashes.json were recorded from the code before the redesign; regenerate them only for an
// intended change of output (`GOLDEN_UPDATE=1 npx vitest run tests/golden.test.ts`) and say why in the commit.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Instance, Schedule } from '../src/model/schema.js';
import { generateSchool } from '../src/generate/build.js';
import { validateInstance } from '../src/model/validate.js';
import { solve } from '../src/solver/index.js';
import { whatIf } from '../src/solver/semester/whatif.js';

const root = join(import.meta.dirname, '..');
const goldenFile = join(root, 'tests/fixtures/golden-hashes.json');
const update = process.env.GOLDEN_UPDATE === '1';
const golden: Record<string, string> = update ? {} : JSON.parse(readFileSync(goldenFile, 'utf8'));
const recorded: Record<string, string> = {};

/** sha256 of the schedule's JSON without its timing fields */
function hashOf(schedule: Schedule): string {
  const report = { ...(schedule.report as Record<string, unknown>) };
  delete report.timingsMs;
  delete report.solveMs;
  return createHash('sha256').update(JSON.stringify({ ...schedule, report })).digest('hex');
}

function valid(value: unknown): Instance {
  const v = validateInstance(value);
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
  return v.instance;
}

const example = (name: string) => () => valid(JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')));
const generated = (preset: 'small' | 'longhutang' | 'mega' | 'stress' | 'random', seed: number, students: number) => () =>
  valid(generateSchool({ preset, seed, students }));

const CASES: ReadonlyArray<readonly [string, () => Instance]> = [
  ['example small', example('small.json')],
  ['example longhutang', example('longhutang.json')],
  ['generate small seed 1', generated('small', 1, 0)],
  ['generate longhutang seed 2 students 300', generated('longhutang', 2, 300)],
  ['generate mega seed 1 students 400', generated('mega', 1, 400)],
  ['generate stress seed 1 students 400', generated('stress', 1, 400)],
  ['generate random seed 1', generated('random', 1, 0)],
  ['generate random seed 7', generated('random', 7, 0)],
  ['generate random seed 42', generated('random', 42, 0)],
];

function expectGolden(name: string, hash: string): void {
  recorded[name] = hash;
  if (!update) expect(hash, name).toBe(golden[name]);
}

describe('byte-identical schedules (golden hashes, timings removed)', () => {
  for (const [name, make] of CASES) {
    it(name, () => {
      const instance = make();
      // the generator's output is pinned too (generate/ moves out of model/)
      if (name.startsWith('generate')) expectGolden(`${name} instance`, createHash('sha256').update(JSON.stringify(instance)).digest('hex'));
      expectGolden(name, hashOf(solve(instance, { seed: 3, timeLimit: 60 }).schedule));
    });
  }

  for (const mode of ['substitutes', 'template'] as const) {
    it(`what-if on the small example (${mode})`, () => {
      const instance = example('small.json')();
      const base = solve(instance, { seed: 1, timeLimit: 60 }).schedule;
      const teacher = instance.staff[0].id;
      const leave = mode === 'template' ? [{ staff: teacher, from: '2026-09-01', to: '2027-01-31' }] : [{ staff: teacher, from: '2026-09-14', to: '2026-09-18' }];
      const r = whatIf(instance, base, leave, { seed: 1, mode });
      const text = JSON.stringify(r, (k, v) => (k === 'timingsMs' || k === 'solveMs' || k === 'planMs' ? undefined : v));
      expectGolden(`whatif small ${mode}`, createHash('sha256').update(text).digest('hex'));
    });
  }

  afterAll(() => {
    if (update) writeFileSync(goldenFile, JSON.stringify(recorded, null, 2) + '\n');
  });
});
