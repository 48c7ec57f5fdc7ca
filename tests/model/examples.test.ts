// The shipped examples and every generator preset are valid instances; validation is fast on the big ones.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateInstance } from '../../src/model/validate.js';
import { generateSchool, PRESETS } from '../../src/generate/build.js';

const ROOT = resolve(__dirname, '../..');

function summary(value: unknown): string[] {
  const r = validateInstance(value);
  return r.ok ? [] : r.errors.slice(0, 10).map((p) => `${p.path} ${p.code} ${p.message}`);
}

describe('examples', () => {
  it.each(['tiny.json', 'small.json', 'longhutang.json'])('examples/%s validates with no errors and no warnings', (name) => {
    const value = JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
    const r = validateInstance(value);
    expect(summary(value)).toEqual([]);
    expect(r.warnings.map((p) => `${p.path} ${p.code}`)).toEqual([]);
  });
});

describe('generator presets', () => {
  for (const preset of PRESETS) {
    for (const seed of preset === 'stress' ? [1] : [1, 2, 3]) {
      it(`${preset} seed ${seed} validates with no errors`, () => {
        // through JSON, as a file would arrive
        expect(summary(JSON.parse(JSON.stringify(generateSchool({ preset, seed }))))).toEqual([]);
      });
    }
  }

  it('validates the mega school (≈8,000 students) in well under a second', () => {
    const value = JSON.parse(JSON.stringify(generateSchool({ preset: 'mega', seed: 1 })));
    let best = Infinity;
    let students = 0;
    for (let run = 0; run < 3; run++) {
      const c0 = process.cpuUsage();
      const r = validateInstance(value);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
      expect(r.ok).toBe(true);
      if (r.ok) students = r.instance.students.length;
    }
    console.log(`validateInstance, mega (${students} students): ${best.toFixed(1)} ms CPU (best of 3)`);
    expect(best).toBeLessThan(400); // target < 150 ms
  });
});
