// `kehou whatif` end to end on the built CLI (dist/ is built once by tests/global-setup.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSemester } from '../../src/solver/semester/plan.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { scheduleOf, tinyInstance, tinyWeek } from '../fixtures/tiny-semester.js';

const CLI = join(process.cwd(), 'dist/bundle/kehou.js');
let dir = '';
const write = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
};
const kehou = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

let instancePath = '';
let schedulePath = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kehou-whatif-'));
  const instance = tinyInstance({ leave: [{ staff: 't01', from: '2026-09-07', to: '2026-09-08' }] });
  const week = tinyWeek(instance);
  const r = planSemester(instance, week, { seed: 1 });
  instancePath = write('instance.json', instance);
  schedulePath = write('schedule.json', scheduleOf(instance, week, r.semester, r.shortfalls));
});

describe('kehou whatif', () => {
  it('writes the new schedule atomically, prints the Chinese change list, and the result passes kehou check', () => {
    const out = join(dir, 'sub', 'new.json');
    const merged = join(dir, 'merged.json');
    const r = kehou('whatif', instancePath, schedulePath, '--leave', 't05:2026-09-07..2026-09-11', '-o', out, '--instance-out', merged);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/请假调整：9 处变动，规划用时 [\d.]+ 毫秒/);
    expect(r.stdout).toContain('方式：逐日安排代课');
    // names, not ids: the class for the group `wed/1-2`, the teacher without `t05`
    expect(r.stdout).toMatch(/2026-09-09（周三） 一（2）班 第3时段（阅读 17:10–17:30）：陈静 → .+（陈静 请假）/);
    expect(r.stdout).not.toMatch(/\b(mon|tue|wed|thu|fri)\/|（t\d+）/);
    expect(r.stderr).toContain(`已写入 ${out}`);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['new.json']); // no temporary file left behind
    const before = JSON.parse(readFileSync(schedulePath, 'utf8')) as Schedule;
    const after = JSON.parse(readFileSync(out, 'utf8')) as Schedule;
    expect(JSON.stringify(after.week)).toBe(JSON.stringify(before.week));
    expect((after.report.whatif as { mode: string }).mode).toBe('substitutes');
    const inst = JSON.parse(readFileSync(merged, 'utf8')) as Instance;
    expect(inst.leave).toContainEqual({ staff: 't05', from: '2026-09-07', to: '2026-09-11' });
    const checked = kehou('check', merged, out);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
  });

  it('accepts a single date and a leave file; --strict exits 3 when a duty stays uncovered', () => {
    const file = write('leave.json', [{ staff: 'x01', from: '2026-09-16', to: '2026-09-16', reason: '病假' }]);
    const out = join(dir, 'strict.json');
    const r = kehou('whatif', instancePath, schedulePath, '--leave-file', file, '--leave', 't03:2026-09-14', '-o', out, '--strict');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('无人可代');
    const after = JSON.parse(readFileSync(out, 'utf8')) as Schedule;
    expect(after.shortfalls).toContainEqual(expect.objectContaining({ date: '2026-09-16', duty: 'club paper' }));
  });

  it('a leave over the whole semester re-plans the template and says so (report.whatif.mode)', () => {
    const out = join(dir, 'template.json');
    const r = kehou('whatif', instancePath, schedulePath, '--leave', 't02:2026-08-31..2026-10-01', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('方式：整学期请假，调整每周模板');
    expect(r.stdout).toMatch(/自 2026-09-0\d 起每周. /);
    const after = JSON.parse(readFileSync(out, 'utf8')) as Schedule;
    expect((after.report.whatif as { mode: string }).mode).toBe('template');
    const forced = kehou('whatif', instancePath, schedulePath, '--leave', 't02:2026-08-31..2026-10-01', '--mode', 'substitutes', '-o', out);
    expect(forced.stdout).toContain('方式：逐日安排代课');
  });

  it('bad --leave syntax, a bad date or an unknown staff id: exit 2 with a Chinese message, no stack trace', () => {
    for (const spec of ['t05-2026-09-07', 't05:2026-09-07..', 't05:2026-02-30', 't05:2026-09-10..2026-09-07', 'nobody:2026-09-07']) {
      const r = kehou('whatif', instancePath, schedulePath, '--leave', spec, '-o', join(dir, 'x.json'));
      expect(r.status, spec).toBe(2);
      expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    const none = kehou('whatif', instancePath, schedulePath, '-o', join(dir, 'x.json'));
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('没有给出请假');
  });

  it('invalid inputs exit 1 and write nothing', () => {
    const broken = write('broken.json', '{"format": "kehou.instance/1", ');
    const r1 = kehou('whatif', broken, schedulePath, '--leave', 't05:2026-09-07', '-o', join(dir, 'y.json'));
    expect(r1.status).toBe(1);
    const badSchedule = write('bad-schedule.json', { format: 'kehou.schedule/1', school: 'x' });
    const r2 = kehou('whatif', instancePath, badSchedule, '--leave', 't05:2026-09-07', '-o', join(dir, 'y.json'));
    expect(r2.status).toBe(1);
    const badLeave = write('bad-leave.json', [{ staff: 'ghost', from: '2026-09-07', to: '2026-09-08' }, { staff: 't01', from: 'soon' }]);
    const r3 = kehou('whatif', instancePath, schedulePath, '--leave-file', badLeave, '-o', join(dir, 'y.json'));
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain('/0/staff');
    expect(r3.stderr).toContain('/1/from');
    expect(existsSync(join(dir, 'y.json'))).toBe(false);
  });

  it('--leave takes a unique name (陈静:… or 陈静：…); the instance with the leave is written beside the new schedule and checks', () => {
    const out = join(dir, 'named', 'plan2.json');
    const r = kehou('whatif', instancePath, schedulePath, '--leave', '陈静：2026-09-07..2026-09-11', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/请假调整：9 处变动/);
    const beside = join(dir, 'named', 'plan2.instance.json');
    expect(r.stderr).toContain(`已写入 ${beside}`);
    const inst = JSON.parse(readFileSync(beside, 'utf8')) as Instance;
    expect(inst.leave).toContainEqual({ staff: 't05', from: '2026-09-07', to: '2026-09-11' });
    const checked = kehou('check', beside, out);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    // without the updated instance, the school's own file does not check (the leave is unknown to it)
    expect(kehou('check', instancePath, out).status).toBe(1);
    const quiet = kehou('whatif', instancePath, schedulePath, '--leave', 't05:2026-09-07', '-o', join(dir, 'quiet.json'), '--no-instance-out');
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(existsSync(join(dir, 'quiet.instance.json'))).toBe(false);
  });

  it('an ambiguous or unknown name exits 2 and lists the candidates', () => {
    const base = JSON.parse(readFileSync(instancePath, 'utf8')) as Instance;
    const twins = write('twins.json', { ...base, staff: [...base.staff, { id: 't06', name: '王芳', roles: ['teacher'], grades: [1] }] });
    const r = kehou('whatif', twins, schedulePath, '--leave', '王芳:2026-09-07', '-o', join(dir, 'z.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ambiguous-name');
    expect(r.stderr).toContain('王芳（t01）、王芳（t06）');
    const u = kehou('whatif', instancePath, schedulePath, '--leave', '陈:2026-09-07', '-o', join(dir, 'z.json'));
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('陈静（t05）');
    expect(existsSync(join(dir, 'z.json'))).toBe(false);
  });
});
