// `kehou solve` spawned as a user would: exit codes 0 / 1 / 2 / 3, atomic output, the Chinese summary.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { check } from '../../src/checker/index.js';
import { school, students, teachers, classroom } from '../fixtures/school.js';
import { withoutTimings } from '../solver/helpers.js';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/bundle/kehou.js');
const dir = mkdtempSync(join(tmpdir(), 'kehou-solve-'));

function kehou(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: object | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** a school whose only chess club has nobody who can lead it, and one teacher on Monday for the group and two late-pickup duties */
function noLeader(): Instance {
  return school({
    policy: { latePickupStaffPerDay: 2 },
    serviceWeekdays: ['mon'],
    rooms: [classroom('101'), { id: 'r', kind: 'chess', capacity: 30 }],
    classes: [{ id: '1-1', grade: 1, size: 30, room: '101' }],
    staff: [...teachers(1, [1]), { id: 't2', name: '教师2', roles: ['teacher'], grades: [1], unavailable: ['mon'] }],
    clubs: [{ id: 'chess', name: '围棋', level: 'school', grades: [1], skill: 'chess', days: ['mon'] }],
    students: students('1-1', 20, ['mon'], () => ({ prefs: ['chess'] })),
  });
}

beforeAll(() => {
  expect(existsSync(MAIN)).toBe(true); // built by tests/global-setup.ts
});

describe('kehou solve', () => {
  it('writes a plan the checker accepts and prints the Chinese summary', () => {
    const out = join(dir, 'nested', 'small.schedule.json');
    const r = kehou(['solve', 'examples/small.json', '-o', out, '--summary', '--seed', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/看护班：\d+ 个/);
    expect(r.stdout).toMatch(/志愿分布：第1志愿 \d+/);
    expect(r.stdout).toMatch(/值班任务：\d+ 项，(全部安排到人|无人承担 \d+ 项)/);
    expect(r.stdout).not.toMatch(/clubCost|下界|已证明最优|状态：/); // plain Chinese, no optimisation terms
    expect(r.stdout).toMatch(/用时 \d+ 毫秒/);
    const schedule = JSON.parse(readFileSync(out, 'utf8')) as Schedule;
    const instance = JSON.parse(readFileSync(join(ROOT, 'examples/small.json'), 'utf8')) as Instance;
    expect(check(instance, schedule).violations).toEqual([]);
    expect(schedule.report.seed).toBe(5);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['small.schedule.json']); // no temporary file left
    // same input + seed → the same file, timings aside
    const again = join(dir, 'again.json');
    expect(kehou(['solve', 'examples/small.json', '-o', again, '--seed', '5']).code).toBe(0);
    expect(withoutTimings(JSON.parse(readFileSync(again, 'utf8')))).toBe(withoutTimings(schedule));
  });

  it('an invalid instance: exit 1, every error printed, no plan written', () => {
    const bad = { ...noLeader(), classes: [{ id: '1-1', grade: 1, size: 30, room: 'nowhere' }] } as Instance;
    (bad.students[0] as { class: string }).class = '9-9';
    const out = join(dir, 'bad.schedule.json');
    const r = kehou(['solve', file('bad.json', bad), '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/classes\/0\/room/);
    expect(r.stderr).toMatch(/\/students\/0\/class/);
    expect(existsSync(out)).toBe(false);
  });

  it('usage errors exit 2', () => {
    expect(kehou(['solve']).code).toBe(2);
    expect(kehou(['solve', 'examples/small.json', '--seed', 'abc']).code).toBe(2);
    expect(kehou(['solve', 'examples/small.json', '--time-limit', '-1']).code).toBe(2);
  });

  it('shortfalls: listed on stderr with exit 0, or exit 3 with --strict (the plan is written either way)', () => {
    const input = file('noleader.json', noLeader());
    const out = join(dir, 'noleader.schedule.json');
    const r = kehou(['solve', input, '-o', out, '--no-semester']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/延时接送/); // names, not `latePickup mon #2`
    const s = JSON.parse(readFileSync(out, 'utf8')) as Schedule;
    expect(s.semester).toBeUndefined();
    // a club nobody can lead does not run (RUN): its students are told why instead
    expect(s.week.clubs).toEqual([]);
    expect(s.unplaced[0].reason).toMatch(/指导教师/);
    const strictOut = join(dir, 'strict.schedule.json');
    const strict = kehou(['solve', input, '-o', strictOut, '--strict', '--no-semester']);
    expect(strict.code).toBe(3);
    expect(existsSync(strictOut)).toBe(true);
  });

  it('without -o the plan goes to stdout', () => {
    const r = kehou(['solve', file('tiny.json', noLeader()), '--no-semester']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Schedule).format).toBe('kehou.schedule/1');
  });

  it('--keep PREVIOUS: re-plans keeping the previous plan, lists every change in Chinese and counts them', () => {
    const base = JSON.parse(readFileSync(join(ROOT, 'examples/small.json'), 'utf8')) as Instance;
    const prev = join(dir, 'keep-prev.json');
    expect(kehou(['solve', file('keep-base.json', base), '-o', prev, '--time-limit', '2']).code).toBe(0);
    // a teacher can no longer come on Tuesdays
    const previous = JSON.parse(readFileSync(prev, 'utf8')) as Schedule;
    const teacher = previous.week.groups.find((g) => g.day === 'tue' && g.cover[0] !== null)!.cover[0]!;
    const changed = { ...base, staff: base.staff.map((x) => (x.id === teacher ? { ...x, unavailable: ['tue' as const] } : x)) };
    const out = join(dir, 'keep-new.json');
    const r = kehou(['solve', file('keep-changed.json', changed), '--keep', prev, '-o', out, '--time-limit', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/保留原方案重排：(\d+) 处变动（学生分组 \d+，/);
    const n = Number(/保留原方案重排：(\d+) 处变动/.exec(r.stdout)![1]);
    expect(n).toBeGreaterThan(0);
    expect(r.stdout).toMatch(new RegExp(`tue/\\S+ 组第\\d段：.+（${teacher}） → `));
    const schedule = JSON.parse(readFileSync(out, 'utf8')) as Schedule;
    expect((schedule.report.keep as { counts: { total: number } }).counts.total).toBe(n);
    expect(check(changed, schedule).violations).toEqual([]);
    // a missing previous schedule is a clear error, nothing written
    const bad = kehou(['solve', file('keep-changed2.json', changed), '--keep', join(dir, 'nope.json'), '-o', join(dir, 'keep-x.json')]);
    expect(bad.code).toBe(1);
    expect(existsSync(join(dir, 'keep-x.json'))).toBe(false);
  });
});
