// Issue 14 (hardening) through the CLI, spawned as a user runs it: no non-loopback listen without a token,
// checked writes (stdout too), guarded what-if, limits on generate, clear errors for unwritable places.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
