// `kehou serve` as a process (the built CLI, like a deployment runs it): it prints its bound address,
// and on SIGTERM lets running solves finish within the grace period, refuses new work, and exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { generateSchool } from '../../src/generate/build.js';

// a whole nine-year school (≈7,700 students): its solve takes seconds, long enough to be running at SIGTERM
const MEGA = JSON.stringify(generateSchool({ preset: 'mega', seed: 1 }));

const CLI = fileURLToPath(new URL('dist/bundle/kehou.js', ROOT));

type Served = {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  /** resolves once the output matches (checked on every chunk; rejects after `ms` or when the process exits) */
  readonly waitFor: (pattern: RegExp, ms?: number) => Promise<void>;
};

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `kehou serve --port 0 …` and reads the address it prints. */
async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    cwd: fileURLToPath(ROOT),
    env: { ...process.env, KEHOU_LOG_LEVEL: 'info', KEHOU_API_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed:\n${out}`)), 30_000);
    const look = () => {
      const m = /Kehou 服务已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', () => reject(new Error(`exited before listening:\n${out}`)));
  });
  const waitFor = (pattern: RegExp, ms = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        child.stderr!.off('data', look);
        child.off('exit', gone);
        if (error) reject(error);
        else resolve();
      };
      const look = () => {
        if (pattern.test(out)) done();
      };
      const gone = () => done(new Error(`exited before ${pattern}:\n${out}`));
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${ms} ms:\n${out}`)), ms);
      child.stdout!.on('data', look);
      child.stderr!.on('data', look);
      child.on('exit', gone);
      look();
    });
  return { child, url, output: () => out, exited, waitFor };
}

/** The server's JSON log line when a solve leaves the queue for its thread (app.ts): the solve is running. */
const SOLVE_STARTED = /"msg":"solve started"/;

const solve = (url: string, query: string, body: string) =>
  fetch(`${url}/v1/solve?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('kehou serve', () => {
  it('prints its address, serves, and on SIGTERM finishes the running solve, refuses new work, exits 0', async () => {
    const s = await serve(['--grace', '30', '--threads', '1']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    // a second server on the same port: one line in Chinese, exit 1
    const second = spawn(process.execPath, [CLI, 'serve', '--port', new URL(s.url).port, '--threads', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(second);
    let err = '';
    second.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise<number | null>((resolve) => second.on('exit', resolve))).toBe(1);
    expect(err).toContain('已被占用');
    expect(err).not.toMatch(/\n\s+at /);
    const pending = solve(s.url, 'timeLimit=60', MEGA);
    await s.waitFor(SOLVE_STARTED); // the solve is in its thread now (it was accepted), and runs for seconds more
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const refused = await fetch(`${s.url}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(refused);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { format: string }).format).toBe('kehou.schedule/1');
    expect(await s.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(s.output()).toContain('收到信号');
  });

  it('a solve still running when the grace period ends is answered 503, then the process exits 0', async () => {
    const s = await serve(['--grace', '0.5', '--threads', '1']);
    const pending = solve(s.url, 'timeLimit=60', MEGA);
    await s.waitFor(SOLVE_STARTED);
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as { code: string }).code).toBe('shutting-down');
    expect(await s.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a bad port is a usage error (exit 2)', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '70000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port');
    expect(err).not.toMatch(/\n\s+at /);
  });
});
