// /v1/scenarios: the saved scenarios (学校方案) of the workspace, for the page's tools and for scripts. A scenario is
// created from an instance (JSON body), a workbook (multipart upload or the .xlsx body) or a bundled example
// (?example=tiny); solving it makes a persisted job whose result becomes a new version; a leave what-if makes a
// proposal that is accepted as a new version or discarded. Every refusal is application/problem+json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Instance, Leave, Schedule } from '../model/schema.js';
import type { Scenario, VersionInfo } from '../store/index.js';
import type { PlacedProblem, Proposal, Refused, Upload, WorkspaceService } from '../web/service.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, problemItems } from './problem.js';
import { InstanceBody, ProblemDetails } from './schemas.js';
import { jobView, streamJob } from '../web/sse.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DEFAULT_AUTHOR = '教务处';
const SMALL_BODY = 64 * 1024;

// ------------------------------------------------------------------ schemas (OpenAPI and validation)
const ScenarioView = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: '方案名称' }),
    school: Type.String({ description: '学校名称' }),
    source: Type.String({ description: 'json | workbook | example | copy' }),
    createdAt: Type.String({ description: 'ISO 8601' }),
    updatedAt: Type.String(),
    latestVersion: Type.Integer({ description: '最新版本号' }),
    plannedVersion: Type.Union([Type.Integer(), Type.Null()], { description: '最新的有排班结果的版本号' }),
  },
  { title: 'Scenario' },
);
const VersionView = Type.Object(
  {
    scenario: Type.String(),
    number: Type.Integer(),
    createdAt: Type.String(),
    author: Type.String({ description: '操作人' }),
    kind: Type.String({ description: 'created | copy | solve | leave | edit' }),
    summary: Type.String({ description: '改动说明' }),
    solveStatus: Type.Union([Type.String(), Type.Null()]),
    hasSchedule: Type.Boolean(),
  },
  { title: 'Version' },
);
const ScenarioJob = Type.Object(
  {
    id: Type.String(),
    scenario: Type.String(),
    kind: Type.String({ description: 'solve | whatif' }),
    status: Type.String({ description: 'queued | running | done | failed | cancelled' }),
    baseVersion: Type.Integer(),
    author: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    progress: Type.Union([Type.Object({ stage: Type.String(), fraction: Type.Number(), label: Type.String() }), Type.Null()]),
    error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
      description: '失败或取消的原因；服务重启时未完成的任务为 interrupted',
    }),
    resultVersion: Type.Union([Type.Integer(), Type.Null()], { description: '完成后保存的版本号' }),
  },
  { title: 'ScenarioJob' },
);
const ProposalView = Type.Object(
  {
    id: Type.String({ description: '调整方案编号（接受或放弃时使用）' }),
    scenario: Type.String(),
    baseVersion: Type.Integer(),
    summary: Type.String(),
    method: Type.String(),
    mode: Type.String({ description: 'substitutes（逐日代课）| template（调整每周模板）' }),
    leave: Type.Array(Leave),
    changes: Type.Array(
      Type.Object({ date: Type.String(), what: Type.String(), from: Type.String(), to: Type.String(), reason: Type.String(), uncovered: Type.Boolean() }),
    ),
    status: Type.String(),
    resultVersion: Type.Union([Type.Integer(), Type.Null()]),
  },
  { title: 'Proposal' },
);

const ScenarioParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), job: Type.String({ minLength: 1, maxLength: 64 }) });
const VersionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), v: Type.Integer({ minimum: 1 }) });
const AuthorQuery = Type.Object({ author: Type.Optional(Type.String({ maxLength: 40, description: '操作人（记入版本记录），默认“教务处”' })) }, { additionalProperties: false });
const CreateQuery = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100, description: '方案名称（默认为学校名称）' })),
    example: Type.Optional(Type.String({ description: '由内置示例创建：tiny、small、longhutang（此时不需要请求体）', examples: ['tiny'] })),
    author: Type.Optional(Type.String({ maxLength: 40, description: '操作人' })),
  },
  { additionalProperties: false },
);
const SolveQuery = Type.Object(
  {
    timeLimit: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: '求解时间（秒）', examples: [5] })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: '随机种子（默认 1）' })),
    author: Type.Optional(Type.String({ maxLength: 40, description: '操作人' })),
  },
  { additionalProperties: false },
);
const RenameBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false, examples: [{ name: '春季学期方案' }] });
const CopyBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), author: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false, examples: [{ name: '加一个足球班试试', author: '王主任' }] },
);
const WhatIfBody = Type.Object(
  {
    leave: Type.Array(Leave, { minItems: 1, maxItems: 100, description: '请假：[{staff, from, to}]（日期含首尾）' }),
    mode: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('substitutes'), Type.Literal('template')])),
    author: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false, examples: [{ leave: [{ staff: 't2', from: '2026-10-12', to: '2026-10-16' }], author: '王主任' }] },
);
const AcceptBody = Type.Object({ author: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false, examples: [{ author: '王主任' }] });
const VersionFull = Type.Object(
  {
    version: VersionView,
    instance: Type.Unsafe<unknown>({ $ref: `${Instance.$id}#` }),
    schedule: Type.Union([Type.Unsafe<unknown>({ $ref: `${Schedule.$id}#` }), Type.Null()]),
  },
  { title: 'VersionDocuments' },
);

const problemAs = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDetails } } });
const P = {
  400: problemAs('请求无效（JSON 格式、参数或示例名）'),
  401: problemAs('缺少或错误的访问令牌'),
  404: problemAs('方案、版本或任务不存在'),
  409: problemAs('冲突：尚未排班、调整已过期或已保存'),
  415: problemAs('不支持的内容类型'),
  422: problemAs('学校数据或请假无效：errors 列出每个问题（工作簿的问题含 sheet 与 cell）'),
  503: problemAs('服务繁忙'),
};

// ------------------------------------------------------------------ helpers
type Titles = Record<number, string>;
const TITLES: Titles = { 400: '请求无效', 404: '未找到', 409: '操作冲突', 413: '请求体过大', 415: '不支持的内容类型', 422: '数据无效', 500: '服务器内部错误', 503: '服务繁忙' };

/** Sends a refusal as RFC 9457 problem details (the same shape as problem.ts, with this module's codes). */
export function sendRefused(reply: FastifyReply, r: Refused | { code: string; status: number; message: string; errors?: readonly PlacedProblem[] }) {
  if ('retryAfter' in r && r.retryAfter !== undefined) reply.header('retry-after', String(r.retryAfter));
  const placed = (list: readonly PlacedProblem[]) =>
    problemItems(list).map((p, i) => ({ ...p, ...(list[i].sheet ? { sheet: list[i].sheet } : {}), ...(list[i].cell ? { cell: list[i].cell } : {}) }));
  const warnings = 'warnings' in r ? r.warnings : [];
  return reply
    .code(r.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: PROBLEM_TYPE_BASE + r.code,
      title: TITLES[r.status] ?? '请求无法处理',
      status: r.status,
      detail: r.message,
      code: r.code,
      errors: placed(r.errors ?? []),
      ...(warnings.length > 0 ? { warnings: placed(warnings) } : {}),
      instance: reply.request.url.split('?')[0],
      requestId: String(reply.request.id),
    });
}

const missing = (what: string) => ({ code: 'scenario-not-found', status: 404, message: `${what}不存在（可能已被删除）` });

/** A small JSON body checked against `schema`; null with the problem sent. */
function smallBody<S extends TSchema>(request: FastifyRequest, reply: FastifyReply, schema: S, optional = false): Static<S> | null {
  const text = typeof request.body === 'string' ? request.body : '';
  if (text.length > SMALL_BODY) {
    sendRefused(reply, { code: 'body-too-large', status: 413, message: `请求体超过 ${SMALL_BODY} 字节` });
    return null;
  }
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      sendRefused(reply, { code: 'malformed-json', status: 400, message: '请求体不是有效的 JSON' });
      return null;
    }
  } else if (!optional) {
    sendRefused(reply, { code: 'empty-body', status: 400, message: '请求体为空，应为一个 JSON 对象' });
    return null;
  }
  if (Value.Check(schema, value)) return value as Static<S>;
  const errors: PlacedProblem[] = [...Value.Errors(schema, value)].map((e) => ({ path: e.path, code: 'invalid-field', message: `${e.path || '请求体'}：${e.message}`, severity: 'error' }));
  sendRefused(reply, { code: 'invalid-request', status: 422, message: `请求体有 ${errors.length} 处错误`, errors });
  return null;
}

const proposalView = (p: Proposal) => ({
  id: p.job.id,
  scenario: p.job.scenario,
  baseVersion: p.job.baseVersion,
  summary: p.summary,
  method: p.method,
  mode: p.mode,
  leave: [...p.leave],
  changes: [...p.changes],
  status: p.job.status,
  resultVersion: p.job.resultVersion,
});

const scenarioView = (s: Scenario) => s;
const versionView = (v: VersionInfo) => v;

// ------------------------------------------------------------------ routes
export async function scenarioRoutes(fastify: FastifyInstance, opts: { service: WorkspaceService; bodyLimit: number }): Promise<void> {
  const { service } = opts;
  const store = service.store;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(multipart, { limits: { fileSize: opts.bodyLimit, files: 1, fields: 10, parts: 12 } });
  // here a workbook stays bytes: read in its own thread, problems kept with their sheet and cell (the app's
  // parser for the stateless routes turns it into instance text on the spot)
  if (fastify.hasContentTypeParser(XLSX_TYPE)) fastify.removeContentTypeParser(XLSX_TYPE);
  fastify.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_r, body, done) => done(null, body));

  const tags = ['scenarios'];

  app.post(
    '/v1/scenarios',
    {
      schema: {
        tags,
        summary: '新建学校方案：上传学校数据（JSON 或 Excel 工作簿），或由内置示例创建',
        description:
          '请求体为学校数据 JSON（Content-Type: application/json），或工作簿（multipart/form-data 的 file 字段，或 Content-Type 为 .xlsx 类型的请求体）；' +
          '也可不带请求体、用 ?example=tiny 由内置示例创建。数据无效时 422，errors 列出全部问题（工作簿含 sheet 与 cell），不保存任何内容。',
        querystring: CreateQuery,
        body: InstanceBody,
        response: { 201: Type.Object({ id: Type.String(), scenario: ScenarioView, warnings: Type.Array(Type.Unknown()) }), 400: P[400], 401: P[401], 415: P[415], 422: P[422], 503: P[503] },
      },
    },
    async (request, reply) => {
      const q = request.query;
      let upload: Upload | null = null;
      let name = q.name;
      let author = q.author ?? DEFAULT_AUTHOR;
      if (q.example !== undefined) upload = { kind: 'example', name: q.example };
      else if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            const fileName = part.filename;
            upload = /\.json$/i.test(fileName) || part.mimetype === 'application/json' ? { kind: 'json', text: data.toString('utf8'), fileName } : { kind: 'workbook', data, fileName };
          } else if (part.fieldname === 'name' && typeof part.value === 'string' && part.value.trim()) name = part.value.trim().slice(0, 100);
          else if (part.fieldname === 'author' && typeof part.value === 'string' && part.value.trim()) author = part.value.trim().slice(0, 40);
          else if (part.fieldname === 'example' && typeof part.value === 'string' && part.value) upload = { kind: 'example', name: part.value };
        }
      } else if (Buffer.isBuffer(request.body)) upload = { kind: 'workbook', data: request.body };
      else if (typeof request.body === 'string' && request.body.trim() !== '') upload = { kind: 'json', text: request.body };
      if (!upload) return sendRefused(reply, { code: 'empty-body', status: 400, message: '没有学校数据：请上传 JSON 或工作簿，或用 ?example=tiny 由示例创建' });
      const created = await service.create(upload, { ...(name !== undefined ? { name } : {}), author });
      if (!created.ok) return sendRefused(reply, created);
      const location = `/v1/scenarios/${created.scenario.id}`;
      return reply.code(201).header('location', location).send({ id: created.scenario.id, scenario: scenarioView(created.scenario), warnings: problemItems(created.warnings) });
    },
  );

  app.get(
    '/v1/scenarios',
    { schema: { tags, summary: '列出全部学校方案（最近修改的在前）', response: { 200: Type.Object({ scenarios: Type.Array(ScenarioView) }), 401: P[401] } } },
    async () => ({ scenarios: store.listScenarios().map(scenarioView) }),
  );

  app.get(
    '/v1/scenarios/:id',
    {
      schema: {
        tags,
        summary: '一个方案：基本信息、全部版本与最近的任务',
        params: ScenarioParams,
        response: { 200: Type.Object({ scenario: ScenarioView, versions: Type.Array(VersionView), jobs: Type.Array(ScenarioJob) }), 401: P[401], 404: P[404] },
      },
    },
    async (request, reply) => {
      const s = store.getScenario(request.params.id);
      if (!s) return sendRefused(reply, missing('方案'));
      return { scenario: scenarioView(s), versions: store.listVersions(s.id).map(versionView), jobs: store.listJobs(s.id).map((j) => jobView(service.job(j.id)!)) };
    },
  );

  app.patch(
    '/v1/scenarios/:id',
    { schema: { tags, summary: '重命名方案', params: ScenarioParams, body: RenameBody, response: { 200: ScenarioView, 400: P[400], 404: P[404], 422: P[422] } } },
    async (request, reply) => {
      const body = smallBody(request, reply, RenameBody);
      if (!body) return reply;
      const s = store.renameScenario(request.params.id, body.name.trim());
      if (!s) return sendRefused(reply, missing('方案'));
      return scenarioView(s);
    },
  );

  app.delete(
    '/v1/scenarios/:id',
    { schema: { tags, summary: '删除方案（连同全部版本与任务记录）', params: ScenarioParams, response: { 204: { description: '已删除', type: 'null' }, 404: P[404] } } },
    async (request, reply) => {
      for (const j of store.listJobs(request.params.id, 1000)) if (j.status === 'queued' || j.status === 'running') service.cancel(j.id);
      if (!store.deleteScenario(request.params.id)) return sendRefused(reply, missing('方案'));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/scenarios/:id/copy',
    {
      schema: {
        tags,
        summary: '复制方案（如“再加一个足球班会怎样”）：新方案的第 1 版是原方案的最新版本',
        params: ScenarioParams,
        body: CopyBody,
        response: { 201: Type.Object({ id: Type.String(), scenario: ScenarioView }), 404: P[404], 422: P[422] },
      },
    },
    async (request, reply) => {
      const body = smallBody(request, reply, CopyBody, true);
      if (!body) return reply;
      const source = store.getScenario(request.params.id);
      if (!source) return sendRefused(reply, missing('方案'));
      const s = store.copyScenario(source.id, body.name?.trim() || `${source.name}（副本）`, body.author ?? DEFAULT_AUTHOR)!;
      return reply.code(201).header('location', `/v1/scenarios/${s.id}`).send({ id: s.id, scenario: scenarioView(s) });
    },
  );

  app.post(
    '/v1/scenarios/:id/solve',
    {
      schema: {
        tags,
        summary: '排班：按最新版本求解（202，返回任务）；完成后结果保存为新版本',
        description: '进度可用 GET …/jobs/:job 查询，或订阅 …/jobs/:job/events（text/event-stream）。',
        params: ScenarioParams,
        querystring: SolveQuery,
        response: { 202: ScenarioJob, 400: P[400], 404: P[404], 503: P[503] },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const started = await service.solve(request.params.id, {
        author: q.author ?? DEFAULT_AUTHOR,
        ...(q.timeLimit !== undefined ? { timeLimit: q.timeLimit } : {}),
        ...(q.seed !== undefined ? { seed: q.seed } : {}),
      });
      if (!started.ok) return sendRefused(reply, started);
      return reply.code(202).header('location', `/v1/scenarios/${request.params.id}/jobs/${started.job.id}`).send(jobView(started.job));
    },
  );

  const jobOf = (params: { id: string; job: string }) => {
    const j = service.job(params.job);
    return j && j.scenario === params.id ? j : undefined;
  };

  app.get(
    '/v1/scenarios/:id/jobs/:job',
    {
      schema: {
        tags,
        summary: '查询任务：状态、进度、结果版本；服务重启前未完成的任务为 failed，error.code 为 interrupted',
        params: JobParams,
        response: { 200: ScenarioJob, 404: P[404] },
      },
    },
    async (request, reply) => {
      const j = jobOf(request.params);
      if (!j) return sendRefused(reply, missing('任务'));
      return jobView(j);
    },
  );

  app.delete(
    '/v1/scenarios/:id/jobs/:job',
    { schema: { tags, summary: '取消排队或进行中的任务', params: JobParams, response: { 200: ScenarioJob, 404: P[404] } } },
    async (request, reply) => {
      if (!jobOf(request.params)) return sendRefused(reply, missing('任务'));
      return jobView(service.cancel(request.params.job)!);
    },
  );

  app.get(
    '/v1/scenarios/:id/jobs/:job/events',
    {
      schema: {
        tags,
        summary: '任务进度推送（Server-Sent Events）：progress 事件 {stage, fraction, label}，结束时 end 事件（任务）',
        params: JobParams,
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 404: P[404] },
      },
    },
    async (request, reply) => {
      if (!jobOf(request.params)) return sendRefused(reply, missing('任务'));
      streamJob(service, request, reply, request.params.job);
    },
  );

  app.get(
    '/v1/scenarios/:id/versions',
    { schema: { tags, summary: '方案的全部版本（谁、何时、改了什么）', params: ScenarioParams, response: { 200: Type.Object({ versions: Type.Array(VersionView) }), 404: P[404] } } },
    async (request, reply) => {
      if (!store.getScenario(request.params.id)) return sendRefused(reply, missing('方案'));
      return { versions: store.listVersions(request.params.id).map(versionView) };
    },
  );

  app.get(
    '/v1/scenarios/:id/versions/:v',
    { schema: { tags, summary: '一个版本：学校数据（instance）与排班结果（schedule，未排班时为 null）', params: VersionParams, response: { 200: VersionFull, 404: P[404] } } },
    async (request, reply) => {
      const v = store.getVersion(request.params.id, request.params.v);
      if (!v) return sendRefused(reply, missing('版本'));
      const { instanceJson, scheduleJson, ...info } = v;
      const text = `{"version":${JSON.stringify(versionView(info))},"instance":${instanceJson},"schedule":${scheduleJson ?? 'null'}}`;
      // already serialized (documents can be megabytes): sent as text, typed loosely for the schema-typed reply
      return reply.type('application/json; charset=utf-8').send(text as never);
    },
  );

  app.post(
    '/v1/scenarios/:id/whatif',
    {
      schema: {
        tags,
        summary: '请假推演：在最新排班上加入请假，返回建议的调整（尚未保存）',
        description: '返回的 id 用于 …/whatif/:job/accept（保存为新版本）或 DELETE …/whatif/:job（放弃）。',
        params: ScenarioParams,
        body: WhatIfBody,
        response: { 200: ProposalView, 404: P[404], 409: P[409], 422: P[422], 503: P[503] },
      },
    },
    async (request, reply) => {
      const body = smallBody(request, reply, WhatIfBody);
      if (!body) return reply;
      const r = await service.whatif(request.params.id, { leave: body.leave, author: body.author ?? DEFAULT_AUTHOR, ...(body.mode ? { mode: body.mode } : {}) });
      if (!r.ok) return sendRefused(reply, r);
      return proposalView(r.proposal);
    },
  );

  const proposalOf = (params: { id: string; job: string }) => {
    const p = service.proposal(params.job);
    return p && p.job.scenario === params.id ? p : undefined;
  };

  app.get(
    '/v1/scenarios/:id/whatif/:job',
    { schema: { tags, summary: '查看一个请假调整', params: JobParams, response: { 200: ProposalView, 404: P[404] } } },
    async (request, reply) => {
      const p = proposalOf(request.params);
      if (!p) return sendRefused(reply, missing('请假调整'));
      return proposalView(p);
    },
  );

  app.post(
    '/v1/scenarios/:id/whatif/:job/accept',
    {
      schema: {
        tags,
        summary: '接受请假调整：请假记入学校数据，调整后的排班保存为新版本',
        params: JobParams,
        body: AcceptBody,
        response: { 201: VersionView, 404: P[404], 409: P[409] },
      },
    },
    async (request, reply) => {
      const body = smallBody(request, reply, AcceptBody, true);
      if (!body) return reply;
      if (!proposalOf(request.params)) return sendRefused(reply, missing('请假调整'));
      const r = service.accept(request.params.job, body.author ?? DEFAULT_AUTHOR);
      if (!r.ok) return sendRefused(reply, r);
      return reply.code(201).header('location', `/v1/scenarios/${request.params.id}/versions/${r.version.number}`).send(versionView(r.version));
    },
  );

  app.delete(
    '/v1/scenarios/:id/whatif/:job',
    { schema: { tags, summary: '放弃请假调整（不改变方案）', params: JobParams, response: { 200: ScenarioJob, 404: P[404], 409: P[409] } } },
    async (request, reply) => {
      if (!proposalOf(request.params)) return sendRefused(reply, missing('请假调整'));
      const r = service.discard(request.params.job);
      if ('ok' in r) return sendRefused(reply, r);
      return jobView(r);
    },
  );
}
