// `kehou check` end to end on the built CLI (npm test builds dist/ first; built here when missing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkerSchool, checkerSchoolSchedule } from '../fixtures/checker-school.js';

const CLI = join(process.cwd(), 'dist/bundle/kehou.js');
let dir = '';
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
const kehou = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kehou-check-'));
});

describe('kehou check', () => {
  it('exit 0 and a Chinese summary for a valid pair', () => {
    const r = kehou('check', write('i.json', checkerSchool()), write('s.json', checkerSchoolSchedule()));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('检查通过');
  });
  it('exit 1 with `RULE  path  message` lines for violations', () => {
    const s = checkerSchoolSchedule();
    s.week.groups[2].cover[0] = 't9';
    const r = kehou('check', write('i.json', checkerSchool()), write('s.json', s));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^P2 {2}\/week\/groups\/2\/cover\/0 {2}.*免于/m);
    expect(r.stdout).toContain('检查未通过');
  });
  it('--json prints the result', () => {
    const s = checkerSchoolSchedule();
    s.report.clubCost = 1;
    const r = kehou('check', write('i.json', checkerSchool()), write('s.json', s), '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.clubCost).toBe(115);
    expect(out.violations).toEqual([expect.objectContaining({ rule: 'COST', path: '/report/clubCost' })]);
  });
  it('declared shortfalls pass, and fail with exit 3 under --strict', () => {
    const s = checkerSchoolSchedule();
    s.week.duties[1].staff = null;
    s.shortfalls = [{ day: 'tue', duty: 'latePickup tue #1', reason: '无人' }];
    const paths = [write('i.json', checkerSchool()), write('s.json', s)];
    const plain = kehou('check', ...paths);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('1 项已申报的缺口');
    expect(kehou('check', ...paths, '--strict').status).toBe(3);
  });
  it('an invalid instance: exit 1 with the validation list, no check', () => {
    const i = checkerSchool() as unknown as Record<string, unknown>;
    delete i.students;
    const r = kehou('check', write('bad.json', i), write('s.json', checkerSchoolSchedule()));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/students');
    expect(r.stdout).not.toContain('检查');
  });
  it('a malformed schedule: exit 1, no stack trace', () => {
    const r = kehou('check', write('i.json', checkerSchool()), write('s.json', '{"format": "kehou.schedule/1",'));
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('a usage error exits 2', () => {
    expect(kehou('check', write('i.json', checkerSchool())).status).toBe(2);
  });
});
