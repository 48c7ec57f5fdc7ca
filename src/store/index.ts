// The workspace store (方案库): the office's saved scenarios (学校方案), their versions (every accepted plan or
// leave adjustment, with who/when/what changed) and the jobs run on them, in one embedded SQLite database
// under the data directory (`kehou serve --data DIR`, default ./kehou-data). libsql (better-sqlite3's API,
// prebuilt binary in the npm package) in WAL mode with synchronous=FULL, so a committed version survives the
// process being killed at any moment. Numbered migrations (migrations.ts) run at open, inside a transaction,
// tracked by PRAGMA user_version. Everything here is synchronous and small; documents are kept as JSON text.
// May import src/model only (nothing here parses or validates an instance: callers hand in valid text).
import { mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export { MIGRATIONS } from './migrations.js';

/** How a scenario came in. */
export type ScenarioSource = 'json' | 'workbook' | 'example' | 'copy';

export type Scenario = {
  readonly id: string;
  readonly name: string;
  /** the school's name (from the instance), for the list */
  readonly school: string;
  readonly source: ScenarioSource;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** the latest version's number */
  readonly latestVersion: number;
  /** the latest version that has a plan (schedule), or null before the first solve */
  readonly plannedVersion: number | null;
};

/** What made a version: created (upload/example), copy, solve (排班), leave (请假调整 accepted), edit. */
export type VersionKind = 'created' | 'copy' | 'solve' | 'leave' | 'edit';

export type VersionInfo = {
  readonly scenario: string;
  readonly number: number;
  readonly createdAt: string;
  /** who (操作人) */
  readonly author: string;
  readonly kind: VersionKind;
  /** what changed, in Chinese */
  readonly summary: string;
  /** the planner's status for a version with a plan (optimal, feasible, timedout, substitutes, template) */
  readonly solveStatus: string | null;
  readonly hasSchedule: boolean;
};

export type Version = VersionInfo & {
  readonly instanceJson: string;
  readonly scheduleJson: string | null;
};

export type JobKind = 'solve' | 'whatif';
export type StoredJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export type StoredJob = {
  readonly id: string;
  readonly scenario: string;
  readonly kind: JobKind;
  readonly status: StoredJobStatus;
  /** the version the job started from */
  readonly baseVersion: number;
  readonly author: string;
  /** the job's parameters (time limit, seed, leave …) */
  readonly params: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** why it failed or was cancelled: {code, message} */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** a finished solve: the version it made; an accepted what-if: the version it became */
  readonly resultVersion: number | null;
  /** a what-if's proposal (JSON text: {schedule, changes, mode, …}), kept until accepted or discarded */
  readonly resultJson: string | null;
};

export type NewVersion = {
  readonly author: string;
  readonly kind: VersionKind;
  readonly summary: string;
  readonly instanceJson: string;
  readonly scheduleJson?: string | null;
  readonly solveStatus?: string | null;
};

export type NewScenario = NewVersion & { readonly name: string; readonly school: string; readonly source: ScenarioSource };

export type JobPatch = Partial<Pick<StoredJob, 'status' | 'startedAt' | 'finishedAt' | 'error' | 'resultVersion' | 'resultJson'>>;

export type Store = {
  readonly path: string;
  readonly listScenarios: () => Scenario[];
  readonly getScenario: (id: string) => Scenario | undefined;
  /** a new scenario with its version 1 */
  readonly createScenario: (init: NewScenario) => Scenario;
  readonly renameScenario: (id: string, name: string) => Scenario | undefined;
  /** a new scenario whose version 1 is the source's latest version (instance and plan) */
  readonly copyScenario: (id: string, name: string, author: string) => Scenario | undefined;
  readonly deleteScenario: (id: string) => boolean;
  readonly listVersions: (scenario: string) => VersionInfo[];
  readonly getVersion: (scenario: string, number: number) => Version | undefined;
  readonly addVersion: (scenario: string, init: NewVersion) => VersionInfo | undefined;
  readonly createJob: (init: { scenario: string; kind: JobKind; baseVersion: number; author: string; params: Record<string, unknown>; status?: StoredJobStatus }) => StoredJob;
  readonly getJob: (id: string) => StoredJob | undefined;
  readonly listJobs: (scenario: string, limit?: number) => StoredJob[];
  readonly updateJob: (id: string, patch: JobPatch) => StoredJob | undefined;
  /** one transaction: the version is added and the job marked done with it (a version is never half-written) */
  readonly finishJobWithVersion: (id: string, init: NewVersion, patch?: JobPatch) => { job: StoredJob; version: VersionInfo } | undefined;
  /** at start-up: every job left queued or running by a previous process is marked failed with `error` */
  readonly recoverUnfinished: (error: { code: string; message: string }, at: string) => StoredJob[];
  readonly close: () => void;
};

export type StoreOptions = {
  /** clock for timestamps (tests) */
  readonly now?: () => Date;
};

export const DEFAULT_DATA_DIR = './kehou-data';
export const DATABASE_FILE = 'kehou.db';
/** held by the one process that serves a data directory (its pid inside); a stale one (process gone) is taken over */
export const LOCK_FILE = 'kehou.lock';
/** `openStore(IN_MEMORY)`: a store that lives as long as the process (the app's default outside `kehou serve`) */
export const IN_MEMORY = ':memory:';

// libsql ships CommonJS with a native addon; load it the CommonJS way (it stays outside the esbuild bundle)
const require = createRequire(import.meta.url);
type Statement = { run: (...p: unknown[]) => { changes: number }; get: (...p: unknown[]) => unknown; all: (...p: unknown[]) => unknown[] };
type Database = {
  exec: (sql: string) => void;
  prepare: (sql: string) => Statement;
  transaction: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R;
  close: () => void;
};

const newId = (): string => randomBytes(9).toString('base64url');

type Row = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function scenarioOf(r: Row): Scenario {
  return {
    id: str(r.id),
    name: str(r.name),
    school: str(r.school),
    source: str(r.source) as ScenarioSource,
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    latestVersion: Number(r.latest_version ?? 0),
    plannedVersion: numOrNull(r.planned_version),
  };
}

function versionInfoOf(r: Row): VersionInfo {
  return {
    scenario: str(r.scenario_id),
    number: Number(r.number),
    createdAt: str(r.created_at),
    author: str(r.author),
    kind: str(r.kind) as VersionKind,
    summary: str(r.summary),
    solveStatus: strOrNull(r.solve_status),
    hasSchedule: Number(r.has_schedule) === 1,
  };
}

function jobOf(r: Row): StoredJob {
  return {
    id: str(r.id),
    scenario: str(r.scenario_id),
    kind: str(r.kind) as JobKind,
    status: str(r.status) as StoredJobStatus,
    baseVersion: Number(r.base_version),
    author: str(r.author),
    params: JSON.parse(str(r.params)) as Record<string, unknown>,
    createdAt: str(r.created_at),
    startedAt: strOrNull(r.started_at),
    finishedAt: strOrNull(r.finished_at),
    error: r.error === null || r.error === undefined ? null : (JSON.parse(str(r.error)) as { code: string; message: string }),
    resultVersion: numOrNull(r.result_version),
    resultJson: strOrNull(r.result),
  };
}

const SCENARIO_SELECT = `
  SELECT s.*,
    (SELECT MAX(number) FROM versions v WHERE v.scenario_id = s.id) AS latest_version,
    (SELECT MAX(number) FROM versions v WHERE v.scenario_id = s.id AND v.schedule IS NOT NULL) AS planned_version
  FROM scenarios s`;
const VERSION_INFO = `scenario_id, number, created_at, author, kind, summary, solve_status, schedule IS NOT NULL AS has_schedule`;

/** Applies the migrations not yet applied (each in its own transaction, numbered from 1). */
function migrate(db: Database): number {
  const current = Number((db.prepare('PRAGMA user_version').get() as Row).user_version ?? 0);
  if (current > MIGRATIONS.length) {
    throw Object.assign(new Error(`数据库版本 ${current} 比本程序支持的 ${MIGRATIONS.length} 更新：请升级 Kehou`), { code: 'store-too-new' });
  }
  for (let n = current + 1; n <= MIGRATIONS.length; n++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[n - 1]);
      db.exec(`PRAGMA user_version = ${n}`);
    })();
  }
  return MIGRATIONS.length;
}

/** Opens (creating if needed) the store in `dataDir`, applying migrations. */
export function openStore(dataDir: string = DEFAULT_DATA_DIR, options: StoreOptions = {}): Store {
  const memory = dataDir === IN_MEMORY;
  const dir = resolve(memory ? '.' : dataDir);
  if (!memory) mkdirSync(dir, { recursive: true });
  const path = memory ? IN_MEMORY : join(dir, DATABASE_FILE);
  const unlock = memory ? () => {} : lockDataDir(join(dir, LOCK_FILE), dir);
  const Libsql = require('libsql') as new (file: string) => Database;
  const db = new Libsql(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  try {
    migrate(db);
  } catch (e) {
    db.close();
    unlock();
    throw e;
  }
  const now = () => (options.now ?? (() => new Date()))().toISOString();

  const q = {
    listScenarios: db.prepare(`${SCENARIO_SELECT} ORDER BY s.updated_at DESC, s.created_at DESC`),
    getScenario: db.prepare(`${SCENARIO_SELECT} WHERE s.id = ?`),
    insertScenario: db.prepare('INSERT INTO scenarios (id, name, school, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    rename: db.prepare('UPDATE scenarios SET name = ?, updated_at = ? WHERE id = ?'),
    touch: db.prepare('UPDATE scenarios SET updated_at = ? WHERE id = ?'),
    deleteScenario: db.prepare('DELETE FROM scenarios WHERE id = ?'),
    listVersions: db.prepare(`SELECT ${VERSION_INFO} FROM versions WHERE scenario_id = ? ORDER BY number DESC`),
    getVersion: db.prepare(`SELECT ${VERSION_INFO}, instance, schedule FROM versions WHERE scenario_id = ? AND number = ?`),
    getVersionInfo: db.prepare(`SELECT ${VERSION_INFO} FROM versions WHERE scenario_id = ? AND number = ?`),
    latest: db.prepare('SELECT MAX(number) AS n FROM versions WHERE scenario_id = ?'),
    insertVersion: db.prepare(
      'INSERT INTO versions (scenario_id, number, created_at, author, kind, summary, instance, schedule, solve_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertJob: db.prepare(
      'INSERT INTO jobs (id, scenario_id, kind, status, base_version, author, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getJob: db.prepare('SELECT * FROM jobs WHERE id = ?'),
    listJobs: db.prepare('SELECT * FROM jobs WHERE scenario_id = ? ORDER BY created_at DESC LIMIT ?'),
    unfinished: db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running')"),
  };

  const addVersionTx = (scenario: string, init: NewVersion, at: string): VersionInfo | undefined => {
    if (!q.getScenario.get(scenario)) return undefined;
    const n = Number((q.latest.get(scenario) as Row).n ?? 0) + 1;
    q.insertVersion.run(scenario, n, at, init.author, init.kind, init.summary, init.instanceJson, init.scheduleJson ?? null, init.solveStatus ?? null);
    q.touch.run(at, scenario);
    return versionInfoOf(q.getVersionInfo.get(scenario, n) as Row);
  };

  // libsql has no nested transactions: the *Body functions run inside the caller's db.transaction
  const createScenarioBody = (init: NewScenario): Scenario => {
    const id = newId();
    const at = now();
    q.insertScenario.run(id, init.name, init.school, init.source, at, at);
    addVersionTx(id, init, at);
    return scenarioOf(q.getScenario.get(id) as Row);
  };
  const createScenarioTx = db.transaction(createScenarioBody);

  const updateJob = (id: string, patch: JobPatch): StoredJob | undefined => {
    const cols: string[] = [];
    const values: unknown[] = [];
    const set = (col: string, v: unknown) => {
      cols.push(`${col} = ?`);
      values.push(v);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.startedAt !== undefined) set('started_at', patch.startedAt);
    if (patch.finishedAt !== undefined) set('finished_at', patch.finishedAt);
    if (patch.error !== undefined) set('error', patch.error === null ? null : JSON.stringify(patch.error));
    if (patch.resultVersion !== undefined) set('result_version', patch.resultVersion);
    if (patch.resultJson !== undefined) set('result', patch.resultJson);
    if (cols.length > 0) db.prepare(`UPDATE jobs SET ${cols.join(', ')} WHERE id = ?`).run(...values, id);
    const row = q.getJob.get(id) as Row | undefined;
    return row ? jobOf(row) : undefined;
  };

  return {
    path,
    listScenarios: () => (q.listScenarios.all() as Row[]).map(scenarioOf),
    getScenario: (id) => {
      const r = q.getScenario.get(id) as Row | undefined;
      return r ? scenarioOf(r) : undefined;
    },
    createScenario: (init) => createScenarioTx(init),
    renameScenario: (id, name) => {
      if (q.rename.run(name, now(), id).changes === 0) return undefined;
      return scenarioOf(q.getScenario.get(id) as Row);
    },
    copyScenario: db.transaction((id: string, name: string, author: string): Scenario | undefined => {
      const source = q.getScenario.get(id) as Row | undefined;
      if (!source) return undefined;
      const s = scenarioOf(source);
      const v = q.getVersion.get(id, s.latestVersion) as Row;
      return createScenarioBody({
        name,
        school: s.school,
        source: 'copy',
        author,
        kind: 'copy',
        summary: `复制自“${s.name}”第 ${s.latestVersion} 版`,
        instanceJson: str(v.instance),
        scheduleJson: strOrNull(v.schedule),
        solveStatus: strOrNull(v.solve_status),
      });
    }),
    deleteScenario: (id) => q.deleteScenario.run(id).changes > 0,
    listVersions: (scenario) => (q.listVersions.all(scenario) as Row[]).map(versionInfoOf),
    getVersion: (scenario, number) => {
      const r = q.getVersion.get(scenario, number) as Row | undefined;
      if (!r) return undefined;
      return { ...versionInfoOf(r), instanceJson: str(r.instance), scheduleJson: strOrNull(r.schedule) };
    },
    addVersion: db.transaction((scenario: string, init: NewVersion) => addVersionTx(scenario, init, now())),
    createJob: (init) => {
      const id = newId();
      q.insertJob.run(id, init.scenario, init.kind, init.status ?? 'queued', init.baseVersion, init.author, JSON.stringify(init.params), now());
      return jobOf(q.getJob.get(id) as Row);
    },
    getJob: (id) => {
      const r = q.getJob.get(id) as Row | undefined;
      return r ? jobOf(r) : undefined;
    },
    listJobs: (scenario, limit = 20) => (q.listJobs.all(scenario, limit) as Row[]).map(jobOf),
    updateJob,
    finishJobWithVersion: db.transaction((id: string, init: NewVersion, patch: JobPatch = {}) => {
      const row = q.getJob.get(id) as Row | undefined;
      if (!row) return undefined;
      const version = addVersionTx(str(row.scenario_id), init, now());
      if (!version) return undefined;
      const job = updateJob(id, { status: 'done', finishedAt: now(), ...patch, resultVersion: version.number })!;
      return { job, version };
    }),
    recoverUnfinished: db.transaction((error: { code: string; message: string }, at: string) => {
      const left = (q.unfinished.all() as Row[]).map(jobOf);
      for (const job of left) updateJob(job.id, { status: 'failed', finishedAt: at, error });
      return left.map((j) => q.getJob.get(j.id) as Row).map(jobOf);
    }),
    close: () => {
      db.close();
      unlock();
    },
  };
}

const alive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One server per data directory: a second one would take the first one's running jobs for unfinished. */
function lockDataDir(lockPath: string, dir: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (alive(holder)) {
        throw Object.assign(new Error(`数据目录 ${dir} 已被占用（另一个 Kehou 服务正在使用，进程 ${holder}）：同一数据目录只能由一个服务使用，请用 --data 指定另一个目录`), { code: 'store-locked' });
      }
      unlinkSync(lockPath); // left by a process that is gone (killed, crashed): take it over
    }
  }
  throw Object.assign(new Error(`无法锁定数据目录 ${dir}`), { code: 'store-locked' });
}
