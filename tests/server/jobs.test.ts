// The job store: bounded by count, age and result size, never evicting unfinished jobs; the job view
// splices the stored schedule text into valid JSON.
import { describe, expect, it } from 'vitest';
import { createJobStore, jobJson } from '../../src/server/jobs.js';
import { appOptionsFromEnv, parseByteSize } from '../../src/server/options.js';

describe('job store', () => {
  it('forgets finished jobs after their time to live, never unfinished ones', () => {
    let t = 1000;
    const store = createJobStore({ maxJobs: 10, ttlMs: 100 }, () => t);
    const a = store.create(5)!;
    const b = store.create(5)!;
    store.update(a.id, { status: 'done', finishedAt: t, result: { status: 'feasible', scheduleJson: '{}' } });
    t += 500;
    store.create(5);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(b.id)?.status).toBe('queued');
  });

  it('when full, drops the oldest finished job; with only unfinished ones, refuses', () => {
    let t = 0;
    const store = createJobStore({ maxJobs: 2, ttlMs: 1e9 }, () => t);
    const a = store.create(1)!;
    const b = store.create(1)!;
    expect(store.create(1)).toBeNull();
    store.update(b.id, { status: 'failed', finishedAt: ++t });
    store.update(a.id, { status: 'done', finishedAt: ++t, result: { status: 'optimal', scheduleJson: '{}' } });
    const c = store.create(1);
    expect(c).not.toBeNull();
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBeDefined();
  });

  it('keeps result text within its budget, oldest first', () => {
    let t = 0;
    const store = createJobStore({ maxJobs: 100, ttlMs: 1e9, maxResultChars: 25 }, () => t);
    const ids = [0, 1, 2].map(() => store.create(1)!.id);
    for (const id of ids) store.update(id, { status: 'done', finishedAt: ++t, result: { status: 'feasible', scheduleJson: `{"x":"${'a'.repeat(4)}"}` } });
    // each result is 12 characters: two fit
    expect(ids.map((id) => store.get(id) !== undefined)).toEqual([false, true, true]);
    store.remove(ids[1]);
    expect(store.size()).toBe(1);
  });

  it('the job view is valid JSON with the schedule spliced in', () => {
    const store = createJobStore({ maxJobs: 5, ttlMs: 1e9 });
    const job = store.create(3)!;
    expect(JSON.parse(jobJson(job))).toMatchObject({ id: job.id, status: 'queued', timeLimit: 3, progress: null });
    const done = store.update(job.id, {
      status: 'done',
      startedAt: Date.now(),
      finishedAt: Date.now(),
      result: { status: 'optimal', scheduleJson: '{"format":"kehou.schedule/1","week":{"groups":[]}}' },
    })!;
    const view = JSON.parse(jobJson(done));
    expect(view.result).toEqual({ status: 'optimal', schedule: { format: 'kehou.schedule/1', week: { groups: [] } } });
    expect(view.controller).toBeUndefined();
  });
});

describe('server options', () => {
  it('reads sizes and KEHOU_* variables; reports bad ones in Chinese', () => {
    expect(parseByteSize('20mb')).toBe(20 * 1024 * 1024);
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('lots')).toBeNull();
    expect(appOptionsFromEnv({ KEHOU_BODY_LIMIT: '1mb', KEHOU_API_TOKEN: 't', KEHOU_THREADS: '3', KEHOU_SHUTDOWN_GRACE: '5' })).toEqual({
      ok: true,
      options: { bodyLimit: 1024 * 1024, apiToken: 't', threads: 3, shutdownGrace: 5000 },
    });
    const bad = appOptionsFromEnv({ KEHOU_BODY_LIMIT: 'huge', KEHOU_THREADS: '0' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain('KEHOU_BODY_LIMIT');
      expect(bad.message).toContain('KEHOU_THREADS');
    }
  });
});
