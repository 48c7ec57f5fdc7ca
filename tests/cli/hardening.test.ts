// Issue 14 (hardening) through the CLI, spawned as a user runs it: no non-loopback listen without a token,
// checked writes (stdout too), guarded what-if, limits on generate, clear errors for unwritable places.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/bundle/kehou.js');
const dir = mkdtempSync(join(tmpdir(), 'kehou-harden-'));
const ENV = { ...process.env, KEHOU_API_TOKEN: '', KEHOU_LOG_LEVEL: 'warn' };

function kehou(args: string[], env: NodeJS.ProcessEnv = ENV) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
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
