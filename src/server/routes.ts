// The routes: /healthz and the /v1 API. Handlers take the body as text, have a checker thread parse and
// validate it (the CLI's parser and validators), then hand solves to a solver thread; the event loop never
// parses, validates or plans, so /healthz answers at once whatever runs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { jsonSchema } from '../model/json-schema.js';
import { clipProblem, type Omitted, type Problem } from '../model/problems.js';
import type { KehouRuntime } from './runtime.js';
import { isFinished, jobJson, type JobRecord } from './jobs.js';
import type { RunOutcome } from './pool.js';
import type { JobRunner } from './runner.js';
import { allows } from './tenants.js';
import { problem, problemItems, sendProblem, type ProblemCode } from './problem.js';
import type { CheckOutcome, CheckTask, Input, Rejected, SolveOutcome, SolveTask, WorkerSolveOptions } from './protocol.js';
import {
  Health,
  InstanceBody,
  JobCreated,
  JobQuery,
  JobParams,
  JobView,
  ProblemDetails,
  ScheduleRef,
  SolveQuery,
  ValidateOk,
  WhatIfBody,
  WhatIfQuery,
  WhatIfResponse,
} from './schemas.js';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

// OpenAPI: problem responses, by status
const problemAs = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDetails } } });
const P400 = problemAs('JSON 格式错误（含行号、列号）或参数无效');
const P401 = problemAs('缺少或错误的访问令牌（设置了 KEHOU_API_TOKEN 时）');
const P404 = problemAs('不存在');
const P413 = problemAs('请求体过大');
const P422 = problemAs('数据无效：errors 列出每个问题的 path、code、message');
const P503 = problemAs('服务繁忙（队列已满，见 Retry-After）或正在关闭');
const P500 = problemAs('服务器内部错误（已记录日志）');
const bodyErrors = { 400: P400, 401: P401, 413: P413, 422: P422 };

/** "发现 N 个错误；第一个：…" (with the omitted ones counted too) */
const countText = (errors: readonly Problem[], omitted: Omitted = {}) => {
  const more = Object.values(omitted).reduce((a, b) => a + b, 0);
  const first = errors[0] ? clipProblem(errors[0]) : undefined;
  return `发现 ${errors.length + more} 个${more > 0 ? `问题（只列出前 ${errors.length} 个错误，其余按代码计数见 omitted）` : '错误'}；第一个：${first?.path || '/'} ${first?.message ?? ''}`;
};

/** The request body (UTF-8 bytes, decoded in a worker, or text), or null with a 400 already sent when there is none. */
function bodyText(request: FastifyRequest, reply: FastifyReply): string | Uint8Array | null {
  if (typeof request.body === 'string' || request.body instanceof Uint8Array) return request.body;
  sendProblem(reply, 'empty-body', { detail: '请求体为空，应为一个 JSON 对象' });
  return null;
}

/** 400 (malformed JSON, with line and column) or 422 (every problem, with its path). */
function sendRejected(reply: FastifyReply, r: Rejected) {
  const detail = r.code === 'malformed-json' ? (r.errors[0]?.message ?? 'JSON 格式错误') : countText(r.errors, r.omitted);
  return sendProblem(reply, r.code, { detail, errors: r.errors, warnings: r.warnings, ...(r.omitted ? { omitted: r.omitted } : {}) });
}

/** ?timeLimit within the server's bounds (seconds), or null with a 400 already sent. */
function timeLimitOf(query: { readonly timeLimit?: number }, rt: KehouRuntime, reply: FastifyReply): number | null {
  const t = query.timeLimit ?? rt.options.defaultTimeLimit;
  if (t > rt.options.maxTimeLimit) {
    const error: Problem = {
      path: '/query/timeLimit',
      code: 'time-limit-too-large',
      message: `timeLimit=${t} 超过本服务允许的上限 ${rt.options.maxTimeLimit} 秒`,
      severity: 'error',
    };
    sendProblem(reply, 'bad-request', { detail: error.message, errors: [error] });
    return null;
  }
  return t;
}

const solveOptions = (query: { readonly seed?: number; readonly semester?: boolean }, timeLimit: number): WorkerSolveOptions => ({
  timeLimit,
  ...(query.seed !== undefined ? { seed: query.seed } : {}),
  ...(query.semester !== undefined ? { semester: query.semester } : {}),
});

/** ms after its start at which a task is killed. */
const hardLimitMs = (rt: Omit<KehouRuntime, 'runner'>, timeLimit: number) => (2 * timeLimit + rt.options.killMargin) * 1000;

/** Aborts when the client goes away before its response is written. */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) controller.abort();
  });
  return controller.signal;
}

type Valid = Extract<CheckOutcome, { kind: 'valid' }>;

/** Parses and validates the body in a checker thread: the warnings (and the school and digest), or null with the
 * 400/422/5xx already sent; also 403 when the caller's tenant token does not cover the body's school. */
async function checkBody(
  rt: KehouRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: CheckTask['kind'],
  text: string | Uint8Array,
  signal: AbortSignal,
  digest = false,
): Promise<Valid | null> {
  const run = await rt.checkers.run({ kind, text, maxStudents: rt.options.maxStudents, ...(digest ? { digest } : {}) }, { signal, hardLimitMs: CHECK_LIMIT_MS });
  if (run.kind !== 'done') {
    sendFailure(reply, failureOf(run, request));
    return null;
  }
  if (run.outcome.kind === 'rejected') {
    sendRejected(reply, run.outcome);
    return null;
  }
  const grant = request.kehouGrant;
  if (grant && !allows(grant, run.outcome.school)) {
    sendProblem(reply, 'school-not-allowed', { detail: `访问令牌无权处理学校“${run.outcome.school ?? ''}”` });
    return null;
  }
  return run.outcome;
}

/** A job the caller's tenant token may see (another school's job is "not found" to it). */
const visible = (request: FastifyRequest, job: { readonly school?: string } | undefined) =>
  job !== undefined && (!request.kehouGrant || allows(request.kehouGrant, job.school));

/** Runs a solve or what-if for a waiting client and answers with its JSON, or the matching problem. */
async function solveForClient(rt: KehouRuntime, request: FastifyRequest, reply: FastifyReply, task: Input<SolveTask>, check: CheckTask['kind']) {
  if (rt.solvers.full()) return busy(reply, rt.solvers.retryAfter());
  const signal = disconnectSignal(reply);
  const valid = await checkBody(rt, request, reply, check, task.text, signal);
  if (valid === null) return reply;
  const warnings = valid.warnings;
  const run = await rt.solvers.run(task, { signal, hardLimitMs: hardLimitMs(rt, task.options.timeLimit) });
  if (run.kind === 'done' && run.outcome.kind === 'solved') {
    request.log.info({ task: task.kind, status: run.outcome.status, seconds: Math.round(run.seconds * 1000) / 1000 }, 'solved');
    reply.header('kehou-solve-status', run.outcome.status);
    // the body is the schedule itself; validation warnings (see /v1/validate) are only counted here
    if (warnings.length > 0) reply.header('kehou-warnings', String(warnings.length));
    return sendJsonText(reply, run.outcome.json);
  }
  if (run.kind === 'done' && run.outcome.kind === 'rejected') return sendRejected(reply, run.outcome);
  return sendFailure(reply, failureOf(run, request));
}

type Failure = { readonly code: ProblemCode; readonly detail: string; readonly retryAfter?: number };

/** What went wrong with a task that did not deliver, logged at the right level (5xx: error, with the request id). */
function failureOf(outcome: RunOutcome<SolveOutcome | CheckOutcome>, request: FastifyRequest): Failure {
  switch (outcome.kind) {
    case 'busy':
      request.log.warn({ retryAfter: outcome.retryAfter }, 'solve queue full');
      return { code: 'server-busy', detail: `服务繁忙，请 ${outcome.retryAfter} 秒后重试`, retryAfter: outcome.retryAfter };
    case 'aborted':
      if (outcome.reason === 'overrun') {
        request.log.error('solve overran its hard time limit; worker terminated');
        return { code: 'solve-overrun', detail: `求解超过时间上限仍未结束，已被终止（请求编号 ${request.id}）` };
      }
      if (outcome.reason === 'shutdown') return { code: 'shutting-down', detail: '服务正在关闭，求解已中止，请稍后重试' };
      if (outcome.reason === 'broken') {
        request.log.error('worker threads fail to start');
        return { code: 'internal-error', detail: `求解线程无法启动（请求编号 ${request.id}），已记录日志` };
      }
      request.log.info('client closed the connection; solve cancelled');
      return { code: 'client-closed', detail: '客户端已断开，求解已取消' };
    case 'crashed':
      if ((outcome.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        request.log.warn('task ran out of its thread memory; thread replaced');
        return { code: 'too-complex', detail: '数据规模超出本服务单次处理的内存上限，已中止；请检查数据是否重复，或拆分后再提交' };
      }
      request.log.error({ err: outcome.error }, 'solve worker failed');
      return { code: 'internal-error', detail: `求解程序出错（请求编号 ${request.id}），已记录日志` };
    case 'done': {
      // the worker caught an exception of the planner: log it here, send nothing of it
      const o = outcome.outcome;
      request.log.error({ worker: o.kind === 'failed' ? { message: o.message, stack: o.stack } : { kind: o.kind } }, 'planner threw');
      return { code: 'internal-error', detail: `求解程序出错（请求编号 ${request.id}），已记录日志` };
    }
  }
}

/** Sends JSON text as it is (the reply schemas document the API; they do not type pre-serialized text). */
function sendJsonText(reply: FastifyReply, text: string, contentType = JSON_CONTENT_TYPE) {
  return reply.code(200).type(contentType).send(text);
}

function noContent(reply: FastifyReply) {
  return reply.code(204).send();
}

function sendFailure(reply: FastifyReply, failure: Failure) {
  if (failure.retryAfter !== undefined) reply.header('retry-after', String(failure.retryAfter));
  return sendProblem(reply, failure.code, { detail: failure.detail });
}

function busy(reply: FastifyReply, retryAfter: number, detail = `求解队列已满，请 ${retryAfter} 秒后重试`) {
  reply.header('retry-after', String(retryAfter));
  return sendProblem(reply, 'server-busy', { detail });
}

/** ms a parse + validate may take before its thread is killed (a 20 MB school takes a few seconds). */
const CHECK_LIMIT_MS = 120_000;

export function registerRoutes(fastify: FastifyInstance, rt: KehouRuntime): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // ------------------------------------------------------------------ health
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: '存活检查（求解进行中也立即应答）', response: { 200: Health, 503: P503 } } },
    async () => ({ status: 'ok' as const }),
  );

  // ------------------------------------------------------------------ validate
  app.post(
    '/v1/validate',
    {
      schema: {
        tags: ['validate'],
        summary: '校验学校数据（实例）',
        description: '与命令行 `kehou validate` 相同的检查；无效时 422，errors 为全部问题（path、code、message）。',
        body: InstanceBody,
        response: { 200: ValidateOk, ...bodyErrors },
      },
    },
    async (request, reply) => {
      const text = bodyText(request, reply);
      if (text === null) return reply;
      const valid = await checkBody(rt, request, reply, 'validate-instance', text, disconnectSignal(reply));
      if (valid === null) return reply;
      return reply.type(JSON_CONTENT_TYPE).send({ valid: true as const, warnings: problemItems(valid.warnings) });
    },
  );

  // ------------------------------------------------------------------ solve (waits for the schedule)
  app.post(
    '/v1/solve',
    {
      schema: {
        tags: ['solve'],
        summary: '求解：返回 kehou.schedule/1（周排班与学期安排）',
        description:
          '在工作线程中求解；响应头 Kehou-Solve-Status 为 optimal、feasible 或 timedout。客户端断开即取消。' +
          '请求体为实例，或 {instance, keep}：keep 为原排班结果，保留原方案重排（尽量少改动，变动列在 report.keep）。',
        querystring: SolveQuery,
        body: InstanceBody,
        response: { 200: ScheduleRef, ...bodyErrors, 500: P500, 503: P503 },
      },
    },
    async (request, reply) => {
      const text = bodyText(request, reply);
      if (text === null) return reply;
      const timeLimit = timeLimitOf(request.query, rt, reply);
      if (timeLimit === null) return reply;
      return solveForClient(rt, request, reply, { kind: 'solve', text, maxStudents: rt.options.maxStudents, options: solveOptions(request.query, timeLimit) }, 'validate-instance');
    },
  );

  // ------------------------------------------------------------------ jobs (long solves)
  app.post(
    '/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: '提交求解任务（202，返回任务编号；同一学校数据再次提交时返回已有任务；advice=true：给出建议的任务）',
        querystring: JobQuery,
        body: InstanceBody,
        response: { 202: JobCreated, ...bodyErrors, 503: P503 },
      },
    },
    async (request, reply) => {
      const text = bodyText(request, reply);
      if (text === null) return reply;
      const timeLimit = timeLimitOf(request.query, rt, reply);
      if (timeLimit === null) return reply;
      const valid = await checkBody(rt, request, reply, 'validate-instance', text, disconnectSignal(reply), true);
      if (valid === null) return reply;
      const advise = request.query.advice === true;
      // advise: the week only (the semester is not planned), so `semester` does not change its result
      const options = advise ? { ...solveOptions({ ...request.query, semester: false }, timeLimit), check: true } : { ...solveOptions(request.query, timeLimit), check: true };
      const task = { kind: advise ? ('advise' as const) : ('solve' as const), text, maxStudents: rt.options.maxStudents, options };
      const submitted = await rt.runner.submit(task, { school: valid.school ?? '', digest: valid.digest ?? '', request });
      if (submitted.kind === 'busy') return busy(reply, submitted.retryAfter, submitted.detail);
      const { job } = submitted;
      const location = `/v1/jobs/${job.id}`;
      // an unchanged school whose job is known answers with that job as it stands (done: its stored result)
      return reply.code(202).header('location', location).type(JSON_CONTENT_TYPE).send({ id: job.id, status: job.status, location });
    },
  );

  app.get(
    '/v1/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: '查询任务：状态、进度；完成后含 result（status 与 schedule）',
        params: JobParams,
        response: { 200: JobView, 401: P401, 404: P404 },
      },
    },
    async (request, reply) => {
      const job = await rt.runner.get(request.params.id);
      if (!job || !visible(request, job)) return sendProblem(reply, 'job-not-found', { detail: `任务 ${request.params.id} 不存在或已过期` });
      return sendJsonText(reply, jobJson(job));
    },
  );

  app.delete(
    '/v1/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: '取消任务（排队或运行中：状态变为 cancelled；已结束：删除记录，204）',
        params: JobParams,
        response: { 200: JobView, 204: { description: '已删除', type: 'null' }, 401: P401, 404: P404 },
      },
    },
    async (request, reply) => {
      const job = await rt.runner.get(request.params.id);
      if (!job || !visible(request, job)) return sendProblem(reply, 'job-not-found', { detail: `任务 ${request.params.id} 不存在或已过期` });
      const cancelled = await rt.runner.cancel(job.id);
      if (cancelled.kind === 'not-found') return sendProblem(reply, 'job-not-found', { detail: `任务 ${request.params.id} 不存在或已过期` });
      if (cancelled.kind === 'removed') return noContent(reply);
      request.log.info({ job: job.id }, 'job cancelled');
      return sendJsonText(reply, jobJson(cancelled.job));
    },
  );

  // ------------------------------------------------------------------ what-if (leave)
  app.post(
    '/v1/whatif',
    {
      schema: {
        tags: ['whatif'],
        summary: '请假推演：在已有排班上加入请假，只调整受影响的部分',
        querystring: WhatIfQuery,
        body: WhatIfBody,
        response: { 200: WhatIfResponse, ...bodyErrors, 500: P500, 503: P503 },
      },
    },
    async (request, reply) => {
      const text = bodyText(request, reply);
      if (text === null) return reply;
      const timeLimit = timeLimitOf(request.query, rt, reply);
      if (timeLimit === null) return reply;
      const options = { ...solveOptions(request.query, timeLimit), ...(request.query.mode !== undefined ? { mode: request.query.mode } : {}) };
      return solveForClient(rt, request, reply, { kind: 'whatif', text, maxStudents: rt.options.maxStudents, options }, 'validate-whatif');
    },
  );

  // ------------------------------------------------------------------ the JSON Schemas themselves
  const schemaRoute = (name: 'instance' | 'schedule') =>
    app.get(
      `/v1/schema/${name}`,
      {
        schema: {
          tags: ['schema'],
          summary: `${name === 'instance' ? '实例（学校数据）' : '排班结果'}的 JSON Schema`,
          response: { 200: { description: 'JSON Schema', type: 'object', additionalProperties: true }, 401: P401 },
        },
      },
      async (_request, reply) => sendJsonText(reply, schemaText[name], 'application/schema+json; charset=utf-8'),
    );
  // the same documents as `kehou schema instance|schedule`
  const schemaText = { instance: JSON.stringify(jsonSchema('instance')), schedule: JSON.stringify(jsonSchema('schedule')) };
  schemaRoute('instance');
  schemaRoute('schedule');
}

/** The default jobs: the in-process pool and the bounded store (jobs.ts); one school needs no Redis. */
export function createInProcessRunner(rt: Omit<KehouRuntime, 'runner'>): JobRunner {
  return {
    submit: async (task, { school, request }) => {
      if (rt.solvers.full()) return { kind: 'busy', retryAfter: rt.solvers.retryAfter(), detail: `求解队列已满，请 ${rt.solvers.retryAfter()} 秒后重试` };
      const job = rt.jobs.create(task.options.timeLimit, school);
      if (!job) return { kind: 'busy', retryAfter: 60, detail: `保存的任务数已达上限 ${rt.options.maxJobs}，请稍后重试` };
      void runJob(rt, job, task, request);
      return { kind: 'accepted', job };
    },
    get: async (id) => rt.jobs.get(id),
    cancel: async (id) => {
      const job = rt.jobs.get(id);
      if (!job) return { kind: 'not-found' };
      if (isFinished(job.status)) {
        rt.jobs.remove(job.id);
        return { kind: 'removed' };
      }
      const cancelled = rt.jobs.update(job.id, { status: 'cancelled', finishedAt: Date.now() })!;
      job.controller.abort();
      return { kind: 'cancelled', job: cancelled };
    },
    close: async () => {},
  };
}

/** Runs a job in the pool and records what happens to it (a cancelled job stays cancelled). */
async function runJob(rt: Omit<KehouRuntime, 'runner'>, job: JobRecord, task: Input<SolveTask>, request: FastifyRequest): Promise<void> {
  const log = request.log.child({ job: job.id });
  const outcome = await rt.solvers.run(task, {
    signal: job.controller.signal,
    hardLimitMs: hardLimitMs(rt, job.timeLimit),
    onStart: () => {
      if (rt.jobs.get(job.id)?.status === 'queued') rt.jobs.update(job.id, { status: 'running', startedAt: Date.now() });
    },
    onProgress: (stage, fraction, message) => {
      if (rt.jobs.get(job.id)?.status !== 'running') return;
      rt.jobs.update(job.id, { progress: { stage, fraction: Math.min(1, Math.max(0, fraction)), ...(message !== undefined ? { message } : {}) } });
    },
  });
  const current = rt.jobs.get(job.id);
  if (!current || current.status === 'cancelled') return;
  const finishedAt = Date.now();
  const verdict = outcome.kind === 'done' && outcome.outcome.kind === 'solved' ? outcome.outcome.verdict : undefined;
  if (verdict && verdict.violations > 0) {
    // every result is checked before it is marked done: a plan that breaks a rule is a failure, never a result
    log.error({ violations: verdict.first }, 'result failed the independent check');
    const detail = `方案未通过独立校验：${verdict.violations} 处违反规则（第一处：${verdict.first[0]?.rule ?? ''} ${verdict.first[0]?.message ?? ''}）`;
    rt.jobs.update(job.id, { status: 'failed', finishedAt: Date.now(), verdict, error: problem('check-failed', { detail }) });
    return;
  }
  if (outcome.kind === 'done' && outcome.outcome.kind === 'solved') {
    log.info({ status: outcome.outcome.status, seconds: Math.round(outcome.seconds * 1000) / 1000 }, 'job done');
    rt.jobs.update(job.id, {
      status: 'done',
      finishedAt,
      progress: { stage: 'done', fraction: 1 },
      result: { status: outcome.outcome.status, scheduleJson: outcome.outcome.json },
      ...(verdict ? { verdict } : {}),
    });
    return;
  }
  if (outcome.kind === 'aborted' && outcome.reason === 'cancelled') {
    rt.jobs.update(job.id, { status: 'cancelled', finishedAt });
    return;
  }
  const error =
    outcome.kind === 'done' && outcome.outcome.kind === 'rejected'
      ? problem(outcome.outcome.code, { detail: countText(outcome.outcome.errors, outcome.outcome.omitted), errors: outcome.outcome.errors })
      : problem(failureOf(outcome, request).code, { detail: failureOf(outcome, request).detail });
  rt.jobs.update(job.id, { status: 'failed', finishedAt, error });
}
