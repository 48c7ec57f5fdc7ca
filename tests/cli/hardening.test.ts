// Issue 14 (hardening) through the CLI, spawned as a user runs it: no non-loopback listen without a token,
// checked writes (stdout too), guarded what-if, limits on generate, clear errors for unwritable places.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/bundle/kehou.js');
const dir = mkdtempSync(join(tmpdir(), 'kehou-harden-'));
const ENV = { ...process.env, KEHOU_API_TOKEN: '', KEHOU_LOG_LEVEL: 'warn' };

function kehou(args: string[], env: NodeJS.ProcessEnv = ENV, stdout: 'pipe' | number = 'pipe') {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env, stdio: ['ignore', stdout, 'pipe'] });
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('issue 14.4: serving beyond loopback', () => {
  it('--host 0.0.0.0 without KEHOU_API_TOKEN is refused before binding (exit 2), naming the way out', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      const r = kehou(['serve', '--host', host, '--port', '0']);
      expect(r.code, host).toBe(2);
      expect(r.stderr).toContain('KEHOU_API_TOKEN');
      expect(r.stderr).toContain('--insecure-no-token');
      expect(r.stdout).not.toContain('已启动');
    }
    const direct = spawnSync(process.execPath, [join(ROOT, 'dist/server/server.js')], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...ENV, HOST: '0.0.0.0', PORT: '0' },
    });
    expect(direct.status).toBe(2);
    expect(direct.stderr).toContain('KEHOU_API_TOKEN');
  });

  it('the banner prints the address actually bound (real port, an IP for "localhost")', async () => {
    const child = spawn(process.execPath, [MAIN, 'serve', '--host', 'localhost', '--port', '0', '--threads', '1'], { cwd: ROOT, env: ENV });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const line = await new Promise<string>((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`no banner: ${out}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /Kehou 服务已启动：(\S+?)（/.exec(out);
          if (m) {
            clearTimeout(t);
            ok(m[1]);
          }
        });
      });
      expect(line).toMatch(/^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/);
      expect(line).not.toMatch(/:0$/);
      const res = await fetch(`${line}/healthz`);
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('issue 14.5: whatif only re-plans the instance’s own schedule', () => {
  const small = join(dir, 'small.schedule.json');
  const leave = ['--leave', 't001:2026-10-12..2026-10-16'];
  const planSmall = () => {
    if (!existsSync(small)) expect(kehou(['solve', 'examples/small.json', '-o', small, '--time-limit', '1']).code).toBe(0);
    return JSON.parse(readFileSync(small, 'utf8'));
  };

  it('another school’s schedule is refused (exit 1, nothing written)', () => {
    planSmall();
    const out = join(dir, 'other.json');
    const r = kehou(['whatif', 'examples/longhutang.json', small, ...leave, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/school  schedule-other-school');
    expect(r.stderr).toContain('schedule-mismatch');
    expect(existsSync(out)).toBe(false);
  });

  it('a schedule naming ids the instance does not have, or dates outside its semester, is refused with paths', () => {
    const s = planSmall();
    s.week.groups[0].cover[0] = 'ghost-teacher';
    s.week.groups[1].students.push('ghost-student');
    if (s.semester?.length) s.semester[0].date = '2031-03-03';
    const bad = join(dir, 'bad.schedule.json');
    writeFileSync(bad, JSON.stringify(s));
    const r = kehou(['whatif', 'examples/small.json', bad, ...leave, '-o', join(dir, 'bad-out.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/week\/groups\/0\/cover\/0  schedule-unknown-id/);
    expect(r.stderr).toMatch(/\/week\/groups\/1\/students\/\d+  schedule-unknown-id/);
    expect(r.stderr).toMatch(/\/semester\/0\/date  schedule-date-outside/);
  });

  it('-o equal to an input file is refused unless --force (the original plan is kept)', () => {
    planSmall();
    const copy = join(dir, 'keep.schedule.json');
    writeFileSync(copy, readFileSync(small));
    const before = readFileSync(copy, 'utf8');
    const r = kehou(['whatif', 'examples/small.json', copy, ...leave, '-o', copy]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('output-is-input');
    expect(readFileSync(copy, 'utf8')).toBe(before);
    const viaOtherName = kehou(['whatif', 'examples/small.json', copy, ...leave, '--instance-out', join(ROOT, 'examples/../examples/small.json')]);
    expect(viaOtherName.code).toBe(2);
    const forced = kehou(['whatif', 'examples/small.json', copy, ...leave, '-o', copy, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(copy, 'utf8')).not.toBe(before);
  });
});

/** A small tmpfs (root on Linux, as CI runs); null where mounting is not allowed. */
function tmpfs(options: string): { path: string; done: () => void } | null {
  const path = mkdtempSync(join(tmpdir(), 'kehou-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) {
    rmdirSync(path);
    return null;
  }
  return {
    path,
    done: () => {
      spawnSync('umount', [path], { timeout: 10_000 });
      rmdirSync(path);
    },
  };
}

describe('issue 14.6: every write is checked', () => {
  it('`kehou solve > /dev/full` (stdout on a full disk) exits 1 with a Chinese message, not 0', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = kehou(['solve', 'examples/small.json', '--time-limit', '0.5', '--no-semester'], ENV, full);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('write-failed');
      expect(r.stderr).toContain('磁盘空间已满');
      const g = kehou(['generate', 'small'], ENV, full);
      expect(g.code).toBe(1);
      expect(g.stderr).toContain('写入标准输出失败');
    } finally {
      closeSync(full);
    }
  });

  it('-o on a full disk exits 1, leaves the old file as it was and no temporary file', (ctx) => {
    const disk = tmpfs('size=48k');
    if (!disk) return ctx.skip(); // needs root (CI runs as root)
    try {
      const out = join(disk.path, 'plan.json');
      writeFileSync(out, '{"old": true}\n');
      const r = kehou(['solve', 'examples/small.json', '--time-limit', '0.5', '-o', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/写入“.*plan\.json”失败：磁盘空间已满（ENOSPC）/);
      expect(readFileSync(out, 'utf8')).toBe('{"old": true}\n');
      expect(readdirSync(disk.path)).toEqual(['plan.json']);
    } finally {
      disk.done();
    }
  });

  it('the temporary file of an interrupted (killed) run is removed by the next write', () => {
    const where = join(dir, 'stale');
    mkdirSync(where, { recursive: true });
    const stale = '.small.json.4194301.1.lx0abc.tmp'; // a pid that is not running
    writeFileSync(join(where, stale), '{"half": ');
    writeFileSync(join(where, '.other.json.4194301.1.lx0abc.tmp'), 'not ours');
    const r = kehou(['generate', 'small', '-o', join(where, 'small.json')]);
    expect(r.code).toBe(0);
    expect(readdirSync(where).sort()).toEqual(['.other.json.4194301.1.lx0abc.tmp', 'small.json']);
  });
});

describe('issue 14.8: smaller limits and clearer errors (CLI)', () => {
  it('generate --students 100000000 is refused (exit 2) unless --max-students raises the limit', () => {
    const r = kehou(['generate', 'random', '--students', '100000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('too-many-students');
    expect(r.stdout).toBe('');
  });

  it('an unwritable place names the directory and the reason (no bare ENOENT, no hang)', () => {
    const r = kehou(['generate', 'small', '-o', '/sys/kehou-no/such/dir/x.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/创建目录“\/sys\/kehou-no”失败：没有写入权限/);
  });

  it('a missing directory on a read-only disk says the disk is read-only', (ctx) => {
    const disk = tmpfs('ro,size=16k');
    if (!disk) return ctx.skip(); // needs root (CI runs as root)
    try {
      const r = kehou(['generate', 'small', '-o', join(disk.path, 'new', 'dir', 'x.json')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/创建目录“.*\/new”失败：磁盘是只读的（EROFS）/);
    } finally {
      disk.done();
    }
  });
});

describe('issue 14.2: limits and the time limit (CLI)', () => {
  it('inspectorsPerDay 1000000 or a calendar to 9999 is refused at once (exit 1), whatever --time-limit says', () => {
    const i = JSON.parse(readFileSync(join(ROOT, 'examples/small.json'), 'utf8'));
    i.policy = { ...i.policy, inspectorsPerDay: 1_000_000, latePickupStaffPerDay: 100_000 };
    i.calendar.end = '9999-01-22';
    const path = join(dir, 'absurd.json');
    writeFileSync(path, JSON.stringify(i));
    const r = kehou(['solve', path, '--time-limit', '1', '-o', join(dir, 'absurd.schedule.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/policy/inspectorsPerDay  too-large');
    expect(r.stderr).toContain('/policy/latePickupStaffPerDay  too-large');
    expect(r.stderr).toContain('/calendar/end  semester-too-long');
    expect(existsSync(join(dir, 'absurd.schedule.json'))).toBe(false);
  });

  it('the largest values allowed (a whole year, every staff member inspecting and on late pickup each day) plan and check', () => {
    const i = JSON.parse(readFileSync(join(ROOT, 'examples/small.json'), 'utf8'));
    const staff = i.staff.length;
    i.policy = { ...i.policy, inspectorsPerDay: staff, latePickupStaffPerDay: staff };
    i.calendar.end = '2027-08-31'; // 2026-09-01 + 365 days: 366 days inclusive
    const path = join(dir, 'year.json');
    const out = join(dir, 'year.schedule.json');
    writeFileSync(path, JSON.stringify(i));
    const r = kehou(['solve', path, '--time-limit', '1', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    // the independent checker: shortfalls there may be (nobody is free for so many duties), violations never
    const result = check(i as Instance, JSON.parse(readFileSync(out, 'utf8')) as Schedule);
    expect(result.violations).toEqual([]);
    expect(result.shortfalls.length).toBeGreaterThan(0);
  });
});
