// The store through its public interface: scenarios, versions, jobs, migrations, reopening, recovery.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type NewScenario } from '../../src/store/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kehou-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const scenario = (name = '方案一'): NewScenario => ({
  name,
  school: '测试小学',
  source: 'json',
  author: '教务处',
  kind: 'created',
  summary: '上传 JSON',
  instanceJson: '{"format":"kehou.instance/1"}',
});

describe('store', () => {
  it('creates, lists, renames, copies and deletes scenarios; version 1 holds the instance', () => {
    const store = openStore(tempDir());
    const a = store.createScenario(scenario());
    expect(a).toMatchObject({ name: '方案一', school: '测试小学', latestVersion: 1, plannedVersion: null });
    expect(store.getVersion(a.id, 1)).toMatchObject({ number: 1, author: '教务处', kind: 'created', instanceJson: '{"format":"kehou.instance/1"}', scheduleJson: null });
    expect(store.renameScenario(a.id, '方案甲')?.name).toBe('方案甲');
    expect(store.renameScenario('nope', 'x')).toBeUndefined();
    store.addVersion(a.id, { author: '张老师', kind: 'solve', summary: '排班', instanceJson: '{}', scheduleJson: '{"s":1}', solveStatus: 'optimal' });
    const copy = store.copyScenario(a.id, '加一个足球班', '李老师')!;
    expect(copy.id).not.toBe(a.id);
    expect(copy).toMatchObject({ source: 'copy', latestVersion: 1, plannedVersion: 1 });
    expect(store.getVersion(copy.id, 1)).toMatchObject({ author: '李老师', kind: 'copy', scheduleJson: '{"s":1}', summary: '复制自“方案甲”第 2 版' });
    expect(store.listScenarios().map((s) => s.id).sort()).toEqual([a.id, copy.id].sort());
    expect(store.deleteScenario(a.id)).toBe(true);
    expect(store.deleteScenario(a.id)).toBe(false);
    expect(store.getScenario(a.id)).toBeUndefined();
    expect(store.listVersions(a.id)).toEqual([]);
    expect(store.getScenario(copy.id)).toBeDefined();
    store.close();
  });

  it('numbers versions per scenario and keeps who/when/what', () => {
    let t = Date.UTC(2026, 8, 1, 8);
    const store = openStore(tempDir(), { now: () => new Date((t += 60_000)) });
    const a = store.createScenario(scenario());
    const v2 = store.addVersion(a.id, { author: '王芳', kind: 'leave', summary: '请假：王芳', instanceJson: '{}', scheduleJson: '{}', solveStatus: 'substitutes' })!;
    expect(v2).toMatchObject({ number: 2, author: '王芳', kind: 'leave', summary: '请假：王芳', hasSchedule: true, createdAt: '2026-09-01T08:02:00.000Z' });
    expect(store.listVersions(a.id).map((v) => v.number)).toEqual([2, 1]);
    expect(store.addVersion('nope', { author: 'x', kind: 'edit', summary: '', instanceJson: '{}' })).toBeUndefined();
    store.close();
  });

  it('survives reopening; migrations run once; unfinished jobs are failed with a reason at recovery', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const a = store.createScenario(scenario());
    const running = store.createJob({ scenario: a.id, kind: 'solve', baseVersion: 1, author: '教务处', params: { timeLimit: 5 } });
    store.updateJob(running.id, { status: 'running', startedAt: new Date().toISOString() });
    const done = store.createJob({ scenario: a.id, kind: 'solve', baseVersion: 1, author: '教务处', params: {} });
    const finished = store.finishJobWithVersion(done.id, { author: '教务处', kind: 'solve', summary: '排班', instanceJson: '{}', scheduleJson: '{"x":1}', solveStatus: 'feasible' })!;
    expect(finished.job).toMatchObject({ status: 'done', resultVersion: 2 });
    store.close();

    const again = openStore(dir);
    expect(again.getScenario(a.id)).toMatchObject({ latestVersion: 2, plannedVersion: 2 });
    const recovered = again.recoverUnfinished({ code: 'interrupted', message: '服务重启' }, '2026-09-01T00:00:00.000Z');
    expect(recovered.map((j) => j.id)).toEqual([running.id]);
    expect(again.getJob(running.id)).toMatchObject({ status: 'failed', error: { code: 'interrupted', message: '服务重启' }, params: { timeLimit: 5 } });
    expect(again.getJob(done.id)).toMatchObject({ status: 'done', resultVersion: 2 });
    expect(again.recoverUnfinished({ code: 'interrupted', message: '' }, '')).toEqual([]);
    again.close();
  });

  it('is used by one process at a time; a lock left by a process that is gone is taken over', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    expect(() => openStore(dir)).not.toThrow(); // the same process (its own pid) may reopen, e.g. after a failed start
    const { writeFileSync, existsSync } = await import('node:fs');
    writeFileSync(join(dir, 'kehou.lock'), String(process.ppid)); // a live process that is not this one
    expect(() => openStore(dir)).toThrow(/已被占用（另一个 Kehou 服务正在使用，进程 \d+）/);
    writeFileSync(join(dir, 'kehou.lock'), '999999999'); // no such process
    const again = openStore(dir);
    again.close();
    expect(existsSync(join(dir, 'kehou.lock'))).toBe(false);
    store.close();
  });

  it('refuses a database made by a newer Kehou', async () => {
    const dir = tempDir();
    openStore(dir).close();
    const { createRequire } = await import('node:module');
    const Libsql = createRequire(import.meta.url)('libsql');
    const db = new Libsql(join(dir, 'kehou.db'));
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore(dir)).toThrow(/更新/);
  });
});
