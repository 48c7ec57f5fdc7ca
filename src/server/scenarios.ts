// The workspace's long operations over the store (src/store): creating a scenario from an upload (validated in a
// checker thread), solving it as a persisted job with live progress (solver pool; the result is saved as a new
// version in the same transaction that marks the job done), and the leave what-if (a proposal kept until it is
// accepted as a new version or discarded). Implements src/web/service.ts for the page and serves the /v1/scenarios
// routes (scenario-routes.ts). At start-up every job a previous process left unfinished is failed with a reason.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Problem } from '../model/problems.js';
import { checkLeaveList } from '../model/leave.js';
import type { Instance, Leave, Schedule } from '../model/schema.js';
import type { Change } from '../solver/semester/whatif.js';
import { describeChanges } from '../solver/semester/whatif.js';
import type { Store, StoredJob } from '../store/index.js';
import type { ChangeLine, Example, JobEvent, JobState, PlacedProblem, Progress, Proposal, Refused, Upload, WorkspaceService } from '../web/service.js';
import type { KehouRuntime } from './runtime.js';
import type { RunOutcome } from './pool.js';
import type { SolveOutcome } from './protocol.js';
import type { TaskRunner } from './runner.js';
import { readWorkbookInThread } from './workbooks.js';

export const EXAMPLES: readonly Example[] = [
  { name: 'tiny', label: '示例：青苗小学（3 个班，7 名学生，最快）' },
  { name: 'small', label: '示例：星河路小学（12 个班，500 名学生）' },
  { name: 'longhutang', label: '示例：龙虎塘第二实验小学（约 2600 名学生）' },
];

const EXAMPLES_DIR = new URL('../../examples/', import.meta.url);

export const STAGE_ZH: Readonly<Record<string, string>> = {
  queued: '排队等待',
  started: '开始求解',
  compile: '读取学校数据',
  groups: '编班',
  groupRooms: '看护班教室',
  clubDays: '社团活动日',
  clubAssignment: '社团分配',
  clubRooms: '社团场地',
  cover: '值班安排',
  semester: '学期安排',
  done: '完成',
};

export const SOLVE_STATUS_ZH: Readonly<Record<string, string>> = {
  optimal: '已达最优',
  feasible: '可行方案',
  timedout: '到时限的最好方案',
  cancelled: '已取消',
  substitutes: '逐日代课',
  template: '调整每周模板',
};

// a solver stage is reported when it is finished: 编班完成 63%
const progressOf = (stage: string, fraction: number): Progress => ({
  stage,
  fraction: Math.min(1, Math.max(0, fraction)),
  label: stage === 'queued' || stage === 'started' || stage === 'done' ? STAGE_ZH[stage] : `${STAGE_ZH[stage] ?? stage}完成`,
});

const refused = (code: string, status: number, message: string, errors: readonly PlacedProblem[] = [], warnings: readonly PlacedProblem[] = [], retryAfter?: number): Refused => ({
  ok: false,
  code,
  status,
  message,
  errors,
  warnings,
  ...(retryAfter !== undefined ? { retryAfter } : {}),
});

const notFound = (what: string) => refused('scenario-not-found', 404, `${what}不存在（可能已被删除）`);

/** The Chinese for a failed run of the pool (the page and the API show it; never an exception's text). */
function failureText(run: RunOutcome<SolveOutcome>): { code: string; message: string } {
  if (run.kind === 'busy') return { code: 'server-busy', message: `服务繁忙，请 ${run.retryAfter} 秒后重试` };
  if (run.kind === 'aborted') {
    if (run.reason === 'overrun') return { code: 'solve-overrun', message: '求解超过时间上限仍未结束，已被终止' };
    if (run.reason === 'shutdown') return { code: 'shutting-down', message: '服务关闭，求解已中止；请重新排班' };
    if (run.reason === 'cancelled') return { code: 'cancelled', message: '已取消' };
    return { code: 'internal-error', message: '求解线程无法启动，已记录日志' };
  }
  if (run.kind === 'crashed') return { code: 'internal-error', message: '求解程序出错，已记录日志' };
  if (run.outcome.kind === 'rejected') return { code: run.outcome.code, message: `学校数据有 ${run.outcome.errors.length} 个错误` };
  return { code: 'internal-error', message: '求解程序出错，已记录日志' };
}

export const INTERRUPTED = {
  code: 'interrupted',
  message: '服务在任务完成前停止（进程被终止或机器重启），任务未完成，没有保存任何结果；请重新排班',
};

const dateRange = (l: Leave) => (l.from === l.to ? l.from : `${l.from} 至 ${l.to}`);

/** The workspace service over `store`, running its work in the runtime's pools. */
export function createScenarioService(rt: Pick<KehouRuntime, 'options' | 'checkers' | 'solvers'> & { readonly solveRunner?: () => TaskRunner | undefined }, store: Store, log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void }): WorkspaceService {
  const live = new Map<string, { controller: AbortController; progress: Progress | null }>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);

  const recovered = store.recoverUnfinished(INTERRUPTED, new Date().toISOString());
  if (recovered.length > 0) log.info({ jobs: recovered.map((j) => j.id) }, '上次运行未完成的任务已标记为失败（服务重启）');

  const stateOf = (job: StoredJob): JobState => ({
    ...job,
    progress: live.get(job.id)?.progress ?? (job.status === 'done' ? progressOf('done', 1) : null),
  });
  const emit = (id: string, e: JobEvent) => bus.emit(id, e);
  const end = (id: string) => {
    live.delete(id);
    const job = store.getJob(id);
    if (job) emit(id, { type: 'end', job: stateOf(job) });
  };

  /** Parses and validates an instance's text in a checker thread. */
  const check = async (text: string): Promise<{ ok: true; warnings: readonly Problem[] } | Refused> => {
    const run = await rt.checkers.run({ kind: 'validate-instance', text, maxStudents: rt.options.maxStudents }, { hardLimitMs: 120_000 });
    if (run.kind !== 'done') return refused(run.kind === 'busy' ? 'server-busy' : 'internal-error', 503, failureText(run as RunOutcome<SolveOutcome>).message);
    if (run.outcome.kind === 'rejected') {
      const { code, errors, warnings } = run.outcome;
      const message = code === 'malformed-json' ? `文件不是有效的 JSON：${errors[0]?.message ?? ''}` : `学校数据有 ${errors.length} 个错误，未保存`;
      return refused(code, code === 'malformed-json' ? 400 : 422, message, errors, warnings);
    }
    return { ok: true, warnings: run.outcome.warnings };
  };

  const exampleText = async (name: string): Promise<string | null> => {
    if (!EXAMPLES.some((e) => e.name === name)) return null;
    return readFile(new URL(`${name}.json`, EXAMPLES_DIR), 'utf8');
  };

  const create: WorkspaceService['create'] = async (upload, init) => {
    let text: string;
    let source: 'json' | 'example' | 'workbook' = 'json';
    if (upload.kind === 'example') {
      const t = await exampleText(upload.name);
      if (t === null) return refused('unknown-example', 400, `没有名为“${upload.name}”的示例；可选：${EXAMPLES.map((e) => e.name).join('、')}`);
      text = t;
      source = 'example';
    } else if (upload.kind === 'json') {
      text = upload.text;
    } else {
      // the office's workbook (template or its own): every problem at its sheet and cell, nothing saved
      const read = await readWorkbookInThread(upload.data);
      if (!read.ok) {
        const placed = (list: readonly { sheet: string; cell: string; path: string; code: string; message: string; severity: 'error' | 'warning' }[]) =>
          list.map((p) => ({ path: p.path, code: p.code, message: p.message, severity: p.severity, ...(p.sheet ? { sheet: p.sheet } : {}), ...(p.cell ? { cell: p.cell } : {}) }));
        const errors = placed(read.problems.filter((p) => p.severity === 'error'));
        return refused('invalid-workbook', 422, `工作簿有 ${errors.length} 个错误，未保存`, errors, placed(read.problems.filter((p) => p.severity === 'warning')));
      }
      text = read.instanceJson;
      source = 'workbook';
    }
    const checked = await check(text);
    if (!checked.ok) return checked;
    // valid: one parse on the event loop, for the school's name and a compact copy
    const instance = JSON.parse(text) as Instance;
    const school = instance.school.name;
    const name = init.name?.trim() || (upload.kind === 'example' ? school : `${school}${upload.fileName ? `（${upload.fileName}）` : ''}`);
    const file = upload.kind !== 'example' && upload.fileName ? `“${upload.fileName}”` : '';
    const how = upload.kind === 'example' ? '由示例创建' : upload.kind === 'json' ? `上传 JSON${file}` : `上传工作簿${file}`;
    const scenario = store.createScenario({
      name,
      school,
      source,
      author: init.author,
      kind: 'created',
      summary: `${how}：${instance.classes.length} 个班，${instance.students.length} 名学生，${instance.staff.length} 名教职工`,
      instanceJson: JSON.stringify(instance),
    });
    return { ok: true, scenario, warnings: checked.warnings };
  };

  const solve: WorkspaceService['solve'] = async (id, init) => {
    const scenario = store.getScenario(id);
    if (!scenario) return notFound('方案');
    const timeLimit = init.timeLimit ?? rt.options.defaultTimeLimit;
    if (!(timeLimit > 0) || timeLimit > rt.options.maxTimeLimit) {
      return refused('bad-request', 400, `求解时间应在 0 到 ${rt.options.maxTimeLimit} 秒之间`);
    }
    // `kehou serve --redis`: the district queue (any worker plans it; an unchanged version planned before answers at
    // once); otherwise this process's solver pool. The what-if below stays in the pool: its request waits for it.
    const runner: TaskRunner = rt.solveRunner?.() ?? rt.solvers;
    if (runner.full()) return refused('server-busy', 503, `求解队列已满，请 ${runner.retryAfter()} 秒后重试`, [], [], runner.retryAfter());
    const base = store.getVersion(id, scenario.latestVersion)!;
    const params = { timeLimit, ...(init.seed !== undefined ? { seed: init.seed } : {}) };
    const job = store.createJob({ scenario: id, kind: 'solve', baseVersion: base.number, author: init.author, params });
    const controller = new AbortController();
    live.set(job.id, { controller, progress: progressOf('queued', 0) });
    void (async () => {
      const run = await runner.run(
        { kind: 'solve', text: base.instanceJson, options: params, maxStudents: rt.options.maxStudents },
        {
          school: scenario.school,
          // the version's instance is stored as compact JSON: its hash is the parsed body's (requests.ts digestOf)
          digest: createHash('sha256').update(base.instanceJson).digest('hex'),
          signal: controller.signal,
          hardLimitMs: (2 * timeLimit + rt.options.killMargin) * 1000,
          onStart: () => {
            store.updateJob(job.id, { status: 'running', startedAt: new Date().toISOString() });
            const l = live.get(job.id);
            if (l) l.progress = progressOf('started', 0);
            if (l) emit(job.id, { type: 'progress', progress: l.progress! });
          },
          onProgress: (stage, fraction) => {
            const l = live.get(job.id);
            if (!l) return;
            l.progress = progressOf(stage, fraction);
            emit(job.id, { type: 'progress', progress: l.progress });
          },
        },
      );
      try {
        if (store.getJob(job.id)?.status === 'cancelled') return;
        if (run.kind === 'done' && run.outcome.kind === 'solved') {
          const status = run.outcome.status;
          store.finishJobWithVersion(job.id, {
            author: init.author,
            kind: 'solve',
            summary: `排班（${SOLVE_STATUS_ZH[status] ?? status}，用时 ${run.seconds.toFixed(1)} 秒，基于第 ${base.number} 版）`,
            instanceJson: base.instanceJson,
            scheduleJson: run.outcome.json,
            solveStatus: status,
          });
          log.info({ job: job.id, scenario: id, status, seconds: run.seconds }, 'scenario solved');
          return;
        }
        if (run.kind === 'done' && run.outcome.kind === 'failed') log.error({ job: job.id, worker: { message: run.outcome.message } }, 'planner threw');
        if (run.kind === 'crashed') log.error({ job: job.id, err: run.error }, 'solve worker failed');
        store.updateJob(job.id, { status: run.kind === 'aborted' && run.reason === 'cancelled' ? 'cancelled' : 'failed', finishedAt: new Date().toISOString(), error: failureText(run) });
      } catch (e) {
        log.error({ job: job.id, err: e }, 'saving the solve failed');
        store.updateJob(job.id, { status: 'failed', finishedAt: new Date().toISOString(), error: { code: 'internal-error', message: '保存排班结果失败，已记录日志' } });
      } finally {
        end(job.id);
      }
    })();
    return { ok: true, job: stateOf(job) };
  };

  const cancel: WorkspaceService['cancel'] = (id) => {
    const job = store.getJob(id);
    if (!job) return undefined;
    if (job.status !== 'queued' && job.status !== 'running') return stateOf(job);
    const l = live.get(id);
    const next = store.updateJob(id, { status: 'cancelled', finishedAt: new Date().toISOString(), error: { code: 'cancelled', message: '已取消' } })!;
    l?.controller.abort();
    if (!l) end(id);
    return stateOf(next);
  };

  const subscribe: WorkspaceService['subscribe'] = (id, listener) => {
    bus.on(id, listener);
    return () => bus.off(id, listener);
  };

  /** A stored what-if result, readable: who is on leave, each change with names. */
  const proposalOf = (job: StoredJob): Proposal | undefined => {
    if (job.kind !== 'whatif' || job.resultJson === null) return undefined;
    const base = store.getVersion(job.scenario, job.baseVersion);
    if (!base) return undefined;
    const instance = JSON.parse(base.instanceJson) as Instance;
    const result = JSON.parse(job.resultJson) as { schedule: Schedule; changes: Change[]; mode: 'substitutes' | 'template' };
    const leave = (job.params.leave ?? []) as Leave[];
    const names = new Map(instance.staff.map((s) => [s.id, s.name] as const));
    const who = (id: string | null) => (id === null ? '无人可代' : (names.get(id) ?? id));
    // the planner's lines name people as 王芳（t001）: the office reads names only
    const plain = (text: string) => instance.staff.reduce((t, st) => t.split(`${st.name}（${st.id}）`).join(st.name), text);
    const lines = describeChanges(instance, result.schedule.week, result.changes, result.mode).map(plain);
    const changes: ChangeLine[] = result.changes.map((c, i) => {
      const line = lines[i + 1] ?? '';
      const colon = line.indexOf('：');
      const head = colon >= 0 ? line.slice(0, colon) : line;
      const space = head.indexOf(' ');
      return {
        date: space >= 0 ? head.slice(0, space) : c.date,
        what: space >= 0 ? head.slice(space + 1) : c.duty,
        from: who(c.from),
        to: who(c.to),
        reason: plain(c.reason ?? ''),
        uncovered: c.to === null,
      };
    });
    const uncovered = changes.filter((c) => c.uncovered).length;
    const people = leave.map((l) => `${names.get(l.staff) ?? l.staff} ${dateRange(l)}`).join('；');
    return {
      job,
      leave,
      mode: result.mode,
      method: lines[0] ?? '',
      summary: `请假：${people}；${changes.length} 处调整${uncovered > 0 ? `，其中 ${uncovered} 处无人可代` : ''}`,
      changes,
    };
  };

  const whatif: WorkspaceService['whatif'] = async (id, init) => {
    const scenario = store.getScenario(id);
    if (!scenario) return notFound('方案');
    if (scenario.plannedVersion === null || scenario.plannedVersion !== scenario.latestVersion) {
      return refused('not-planned', 409, '最新版本还没有排班结果：请先排班，再做请假调整');
    }
    const base = store.getVersion(id, scenario.latestVersion)!;
    const instance = JSON.parse(base.instanceJson) as Instance;
    // the same leave validator as `kehou whatif` and POST /v1/whatif (model/leave.ts): ids or unique names, from ≤ to
    const checked = checkLeaveList(instance, init.leave, { maxItems: 100 });
    const errors: Problem[] = checked.ok ? [] : [...checked.problems];
    if (init.leave.length === 0) errors.push({ path: '/leave', code: 'no-leave', message: '没有给出请假', severity: 'error' });
    if (errors.length > 0 || !checked.ok) return refused('invalid-request', 422, `请假有 ${errors.length} 处错误`, errors);
    if (rt.solvers.full()) return refused('server-busy', 503, `求解队列已满，请 ${rt.solvers.retryAfter()} 秒后重试`, [], [], rt.solvers.retryAfter());
    const leave = checked.leave.map((l) => ({ staff: l.staff, from: l.from, to: l.to, ...(l.reason ? { reason: l.reason } : {}) }));
    const mode = init.mode ?? 'auto';
    const job = store.createJob({ scenario: id, kind: 'whatif', baseVersion: base.number, author: init.author, params: { leave, mode }, status: 'running' });
    const text = `{"instance":${base.instanceJson},"schedule":${base.scheduleJson},"leave":${JSON.stringify(leave)}}`;
    const run = await rt.solvers.run({ kind: 'whatif', text, options: { timeLimit: rt.options.defaultTimeLimit, mode }, maxStudents: rt.options.maxStudents }, { hardLimitMs: (rt.options.defaultTimeLimit * 2 + rt.options.killMargin) * 1000 });
    if (run.kind === 'done' && run.outcome.kind === 'solved') {
      const done = store.updateJob(job.id, { status: 'done', finishedAt: new Date().toISOString(), resultJson: run.outcome.json })!;
      return { ok: true, proposal: proposalOf(done)! };
    }
    const failure = failureText(run);
    store.updateJob(job.id, { status: 'failed', finishedAt: new Date().toISOString(), error: failure });
    if (run.kind === 'done' && run.outcome.kind === 'rejected') return refused('invalid-request', 422, failure.message, run.outcome.errors);
    return refused(failure.code, run.kind === 'busy' ? 503 : 500, failure.message);
  };

  const proposal: WorkspaceService['proposal'] = (id) => {
    const job = store.getJob(id);
    return job ? proposalOf(job) : undefined;
  };

  const accept: WorkspaceService['accept'] = (id, author) => {
    const job = store.getJob(id);
    const p = job ? proposalOf(job) : undefined;
    if (!job || !p) return refused('proposal-not-found', 404, '这个请假调整不存在或已放弃');
    if (job.resultVersion !== null) return refused('proposal-accepted', 409, `这个请假调整已保存为第 ${job.resultVersion} 版`);
    const scenario = store.getScenario(job.scenario);
    if (!scenario) return notFound('方案');
    if (scenario.latestVersion !== job.baseVersion) {
      return refused('proposal-outdated', 409, `方案已有更新的第 ${scenario.latestVersion} 版（这个调整基于第 ${job.baseVersion} 版）：请重新做请假调整`);
    }
    const base = store.getVersion(job.scenario, job.baseVersion)!;
    const instance = JSON.parse(base.instanceJson) as Instance;
    const result = JSON.parse(job.resultJson!) as { schedule: Schedule };
    const withLeave: Instance = { ...instance, leave: [...(instance.leave ?? []), ...p.leave] };
    const saved = store.finishJobWithVersion(job.id, {
      author,
      kind: 'leave',
      summary: p.summary,
      instanceJson: JSON.stringify(withLeave),
      scheduleJson: JSON.stringify(result.schedule),
      solveStatus: p.mode,
    });
    if (!saved) return refused('proposal-not-found', 404, '这个请假调整不存在');
    return { ok: true, version: saved.version };
  };

  const discard: WorkspaceService['discard'] = (id) => {
    const job = store.getJob(id);
    if (!job || job.kind !== 'whatif') return refused('proposal-not-found', 404, '这个请假调整不存在');
    if (job.resultVersion !== null) return refused('proposal-accepted', 409, `这个请假调整已保存为第 ${job.resultVersion} 版，不能放弃`);
    return stateOf(store.updateJob(id, { status: 'cancelled', error: { code: 'discarded', message: '已放弃' }, resultJson: null })!);
  };

  return {
    store,
    examples: EXAMPLES,
    create,
    solve,
    job: (id) => {
      const job = store.getJob(id);
      return job ? stateOf(job) : undefined;
    },
    cancel,
    subscribe,
    whatif,
    proposal,
    accept,
    discard,
  };
}
