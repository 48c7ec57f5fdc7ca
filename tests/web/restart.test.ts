// A server killed with SIGKILL in the middle of a solve and started again on the same data directory: every accepted
// version is intact (byte for byte), and each job it left unfinished (running, queued) is accounted for: GET says
// it failed, with the reason `interrupted`; the page says so in Chinese.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, stopServe, type Served } from './serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kehou-restart-'));
let server: Served | undefined;
afterAll(async () => {
  await stopServe(server, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const call = async (base: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(base + path, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
};

async function waitFor(base: string, path: string, done: (job: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = (await call(base, 'GET', path)).json();
    if (done(job)) return job;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kehou serve killed with SIGKILL during a solve', () => {
  it('keeps every accepted version and accounts for the unfinished jobs after a restart', async () => {
    server = await startServe(18311, dir, ['--threads', '1']);
    let base = server.base;

    // scenario A: created, solved (v2), a leave accepted (v3)
    const a = (await call(base, 'POST', '/v1/scenarios?example=small&author=%E7%8E%8B%E4%B8%BB%E4%BB%BB')).json().id;
    const solve = (await call(base, 'POST', `/v1/scenarios/${a}/solve?timeLimit=2`)).json();
    await waitFor(base, `/v1/scenarios/${a}/jobs/${solve.id}`, (j) => j.status === 'done');
    const staff = (await call(base, 'GET', `/v1/scenarios/${a}/versions/2`)).json().instance.staff.find((s: any) => s.roles.includes('teacher') && !s.exempt).id;
    const proposal = (await call(base, 'POST', `/v1/scenarios/${a}/whatif`, { leave: [{ staff, from: '2026-10-12', to: '2026-10-16' }], author: '王主任' })).json();
    expect((await call(base, 'POST', `/v1/scenarios/${a}/whatif/${proposal.id}/accept`, { author: '王主任' })).status).toBe(201);
    const before = await Promise.all([1, 2, 3].map(async (v) => (await call(base, 'GET', `/v1/scenarios/${a}/versions/${v}`)).text));
    const listBefore = (await call(base, 'GET', `/v1/scenarios/${a}/versions`)).text;

    // scenario B: a long solve running and a second one queued behind it (one solver thread), then SIGKILL
    const b = (await call(base, 'POST', '/v1/scenarios?example=longhutang')).json().id;
    const running = (await call(base, 'POST', `/v1/scenarios/${b}/solve?timeLimit=60`)).json();
    const queued = (await call(base, 'POST', `/v1/scenarios/${b}/solve?timeLimit=60`)).json();
    await waitFor(base, `/v1/scenarios/${b}/jobs/${running.id}`, (j) => j.status === 'running');
    expect((await call(base, 'GET', `/v1/scenarios/${b}/jobs/${queued.id}`)).json().status).toBe('queued');
    server.child.kill('SIGKILL');
    await server.exited;
    expect(server.child.signalCode).toBe('SIGKILL');

    server = await startServe(18312, dir, ['--threads', '1']);
    base = server.base;
    const after = await Promise.all([1, 2, 3].map(async (v) => (await call(base, 'GET', `/v1/scenarios/${a}/versions/${v}`)).text));
    expect(after).toEqual(before);
    expect((await call(base, 'GET', `/v1/scenarios/${a}/versions`)).text).toBe(listBefore);
    expect(JSON.parse(after[2]).version).toMatchObject({ number: 3, kind: 'leave', author: '王主任' });

    for (const id of [running.id, queued.id]) {
      const r = await call(base, 'GET', `/v1/scenarios/${b}/jobs/${id}`);
      expect(r.status).toBe(200);
      const job = r.json();
      expect(job).toMatchObject({ status: 'failed', resultVersion: null, error: { code: 'interrupted' } });
      expect(job.error.message).toContain('服务在任务完成前停止');
      expect(job.finishedAt).not.toBeNull();
    }
    expect((await call(base, 'GET', `/v1/scenarios/${b}`)).json().scenario).toMatchObject({ latestVersion: 1, plannedVersion: null });
    const page = await (await fetch(`${base}/scenarios/${b}`)).text();
    expect(page).toContain('服务在任务完成前停止');

    // and the restarted server plans again
    const again = (await call(base, 'POST', `/v1/scenarios/${a}/solve?timeLimit=1`)).json();
    const done = await waitFor(base, `/v1/scenarios/${a}/jobs/${again.id}`, (j) => j.status === 'done' || j.status === 'failed');
    expect(done).toMatchObject({ status: 'done', resultVersion: 4 });
  });
});
