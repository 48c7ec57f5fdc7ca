// The package's library entry (package.json "main": dist/index.js) exposes the whole loop:
// validate → solve → check → what-if, on the bundled small example.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('library entry', () => {
  it('validate, solve, check and whatIf through the built package entry', async () => {
    const kehou = await import(join(import.meta.dirname, '../dist/index.js'));
    const text = readFileSync(join(import.meta.dirname, '../examples/small.json'), 'utf8');
    const parsed = kehou.parseJson(text);
    expect(parsed.ok).toBe(true);
    const v = kehou.validateInstance(parsed.value);
    expect(v.ok).toBe(true);
    const { status, schedule } = kehou.solve(v.instance, { seed: 1 });
    expect(['optimal', 'feasible']).toContain(status);
    expect(kehou.check(v.instance, schedule).violations).toEqual([]);
    // a teacher covering a Monday group, on leave for a whole school week
    const monday = schedule.week.groups.find((g: { day: string; cover: (string | null)[] }) => g.day === 'mon' && g.cover[0]);
    const r = kehou.whatIf(v.instance, schedule, [{ staff: monday.cover[0], from: '2026-10-12', to: '2026-10-16' }]);
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.schedule.week).toEqual(schedule.week);
  });
});
