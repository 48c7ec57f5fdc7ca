// src/web: the office's workspace page at `/` of `kehou serve`, in Chinese: saved scenarios (学校方案) created from an
// upload or a bundled example, validation problems in a table, planning with a live progress bar (server-sent
// events), the plan in the office formats' views (by class, teacher, room, weekday; clubs, duty roster, workload,
// fees), a leave (请假) what-if accepted as a new version or discarded, versions,
// downloads. Server-rendered (Eta through @fastify/view) with htmx boosting links and forms; every asset is served
// here (no CDN), no inline script or style (CSP 'self'). May import src/model, src/store (types), src/office (views,
// workbook and print exports) and its own files; the server hands it a WorkspaceService (service.ts) and never the other way round.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { Instance, Leave, Schedule } from '../model/schema.js';
import type { Scenario, StoredJob } from '../store/index.js';
import { CSS, FAVICON, JS } from './assets.js';
import { problemGroups } from './problems.js';
import type { PageSession, PlacedProblem, Refused, Upload, WorkspaceService } from './service.js';
import { streamJob } from './sse.js';
import { TEMPLATES } from './templates.js';
import { esc, VIEWS } from './view-list.js';

export type WorkspacePageOptions = { readonly service: WorkspaceService; readonly session?: PageSession; readonly bodyLimit: number; readonly defaultTimeLimit?: number; readonly maxTimeLimit?: number };

const DEFAULT_AUTHOR = '教务处';
const AUTHOR_COOKIE = 'kehou_author';
const HTML = 'text/html; charset=utf-8';
const FORM_LIMIT = 64 * 1024;

const require = createRequire(import.meta.url);
const HTMX = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');

const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const time = (iso: string | null) => (iso ? timeFormat.format(new Date(iso)).replace(/\//g, '-') : '');

const JOB_STATUS_ZH: Readonly<Record<string, string>> = { queued: '排队中', running: '进行中', done: '已完成', failed: '未完成', cancelled: '已取消' };
const JOB_BADGE: Readonly<Record<string, string>> = { queued: 'run', running: 'run', done: 'ok', failed: 'bad', cancelled: 'warn' };

/** The form fields of an urlencoded body (the app keeps bodies as text). */
function formOf(request: FastifyRequest): URLSearchParams {
  return new URLSearchParams(typeof request.body === 'string' ? request.body : '');
}

function authorOf(request: FastifyRequest, given?: string | null): string {
  const typed = given?.trim().slice(0, 40);
  if (typed) return typed;
  const m = /(?:^|;\s*)kehou_author=([^;]*)/.exec(request.headers.cookie ?? '');
  if (m) {
    try {
      const v = decodeURIComponent(m[1]).trim().slice(0, 40);
      if (v) return v;
    } catch {
      // a malformed cookie is ignored
    }
  }
  return DEFAULT_AUTHOR;
}

/** Remembers who is working (操作人) for the next forms. */
function rememberAuthor(reply: FastifyReply, author: string) {
  reply.header('set-cookie', `${AUTHOR_COOKIE}=${encodeURIComponent(author)}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly`);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// the office formats (views, workbook, print, calendars) load on first use, not at start-up
const officeFormats = () => import('../office/index.js');
const planViews = () => import('./plan-views.js');

/** No token on the server: the page is open, /signin leads home. */
const NO_SESSION: PageSession = { enabled: false, tokenMatches: () => false, signIn: () => '', signOut: () => '' };

/** A `next` after sign-in: a path of this site only ("/…", never "//host" or a scheme), else the home page. */
function localPath(next: string | null | undefined): string {
  return next && /^\/(?![\/\\])[^\s]*$/.test(next) && next.length < 2000 ? next : '/';
}

const seeOther = (reply: FastifyReply, url: string) => reply.code(303).header('location', url).send();

export async function workspacePage(fastify: FastifyInstance, opts: WorkspacePageOptions): Promise<void> {
  const { service } = opts;
  const session: PageSession = opts.session ?? NO_SESSION;
  const store = service.store;
  const eta = new Eta({ autoEscape: true, autoTrim: false, cache: true });
  for (const [name, source] of Object.entries(TEMPLATES)) eta.loadTemplate(`@${name}.eta`, source);
  await fastify.register(view, { engine: { eta }, production: true });
  await fastify.register(multipart, { limits: { fileSize: opts.bodyLimit, files: 1, fields: 10, parts: 12 } });
  // the page's own forms (this plugin's routes only; /v1 takes JSON): kept as text, read with URLSearchParams
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_r, body, done) => done(null, body));

  const partial = (name: string, data: object): string => eta.render(`@${name}.eta`, data);
  const page = (reply: FastifyReply, name: string, data: object, status = 200) =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').view(`@${name}`, { time, signOut: session.enabled, ...data });
  const problemsHtml = (heading: string, summary: string, problems: readonly PlacedProblem[]) =>
    partial('problems', { heading, summary, problems, groups: problemGroups(problems) });
  const message = (reply: FastifyReply, status: number, heading: string, text: string, back = '/') =>
    page(reply, 'message', { title: heading, heading, message: text, back }, status);
  const scenarioOr404 = (reply: FastifyReply, id: string): Scenario | null => {
    const s = store.getScenario(id);
    if (!s) message(reply, 404, '方案不存在', '这个方案不存在，可能已被删除。');
    return s ?? null;
  };

  // ------------------------------------------------------------------ assets
  const asset = (type: string, text: string) => async (_r: FastifyRequest, reply: FastifyReply) =>
    reply.type(type).header('cache-control', 'public, max-age=3600').send(text);
  fastify.get('/assets/kehou.css', { schema: { hide: true } }, asset('text/css; charset=utf-8', CSS));
  fastify.get('/assets/kehou.js', { schema: { hide: true } }, asset('text/javascript; charset=utf-8', JS));
  fastify.get('/assets/htmx.min.js', { schema: { hide: true } }, asset('text/javascript; charset=utf-8', HTMX));
  fastify.get('/template.xlsx', { schema: { hide: true } }, async (_r, reply) => {
    const office = await officeFormats();
    return reply
      .type(XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('课后服务-空白模板.xlsx')}`).send(Buffer.from(await office.writeTemplate()));
  });
  fastify.get('/favicon.ico', { schema: { hide: true } }, asset('image/svg+xml', FAVICON));

  // ------------------------------------------------------------------ 登录 (口令, only when the server has a token)
  const signInPage = (reply: FastifyReply, next: string, error = '', status = 200) =>
    page(reply, 'signin', { title: '登录', next, error, signOut: false }, status);
  fastify.get<{ Querystring: { next?: string } }>('/signin', { schema: { hide: true } }, async (request, reply) =>
    session.enabled ? signInPage(reply, localPath(request.query.next)) : seeOther(reply, '/'),
  );
  fastify.post('/signin', { schema: { hide: true } }, async (request, reply) => {
    const form = formOf(request);
    const next = localPath(form.get('next'));
    if (!session.enabled) return seeOther(reply, next);
    const given = form.get('token') ?? '';
    if (!given) return signInPage(reply, next, '请输入口令。', 400);
    if (!session.tokenMatches(given)) {
      request.log.info('sign-in refused: wrong token');
      return signInPage(reply, next, '口令不正确，请重新输入（口令即服务器设置的 KEHOU_API_TOKEN，可向管理员询问）。', 401);
    }
    reply.header('set-cookie', session.signIn(request));
    return seeOther(reply, next);
  });
  fastify.post('/signout', { schema: { hide: true } }, async (request, reply) => {
    reply.header('set-cookie', session.signOut(request));
    return seeOther(reply, session.enabled ? '/signin' : '/');
  });

  // ------------------------------------------------------------------ 学校方案 (list, create)
  const home = (request: FastifyRequest, reply: FastifyReply, refusal?: Refused) =>
    page(
      reply,
      'home',
      {
        title: '学校方案',
        scenarios: store.listScenarios(),
        examples: service.examples,
        template: true,
        author: authorOf(request),
        problemsHtml: refusal ? problemsHtml('校验未通过，没有保存', refusal.message, refusal.errors.length > 0 ? refusal.errors : [{ path: '', code: refusal.code, message: refusal.message, severity: 'error' }]) : '',
      },
      refusal ? refusal.status : 200,
    );

  fastify.get('/', { schema: { hide: true } }, async (request, reply) => home(request, reply));

  fastify.post('/scenarios', { schema: { hide: true } }, async (request, reply) => {
    let upload: Upload | null = null;
    let name: string | undefined;
    let author: string | undefined;
    if (request.isMultipart()) {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (data.length === 0) continue;
          const fileName = part.filename;
          upload = /\.json$/i.test(fileName) ? { kind: 'json', text: data.toString('utf8'), fileName } : { kind: 'workbook', data, fileName };
        } else if (typeof part.value === 'string') {
          if (part.fieldname === 'name') name = part.value.trim().slice(0, 100) || undefined;
          if (part.fieldname === 'author') author = part.value;
          if (part.fieldname === 'example' && part.value) upload = { kind: 'example', name: part.value };
        }
      }
    } else {
      const form = formOf(request);
      const example = form.get('example');
      if (example) upload = { kind: 'example', name: example };
      name = form.get('name')?.trim() || undefined;
      author = form.get('author') ?? undefined;
    }
    const who = authorOf(request, author);
    rememberAuthor(reply, who);
    if (!upload) return home(request, reply, { ok: false, code: 'empty-body', status: 400, message: '请选择要上传的文件', errors: [], warnings: [] });
    const created = await service.create(upload, { author: who, ...(name ? { name } : {}) });
    if (!created.ok) return home(request, reply, created);
    return seeOther(reply, `/scenarios/${created.scenario.id}${created.warnings.length > 0 ? '?warnings=1' : ''}`);
  });

  // ------------------------------------------------------------------ one scenario
  fastify.get<{ Params: { id: string }; Querystring: { notice?: string; warnings?: string } }>('/scenarios/:id', { schema: { hide: true } }, async (request, reply) => {
    const s = scenarioOr404(reply, request.params.id);
    if (!s) return reply;
    const latest = store.getVersion(s.id, s.latestVersion)!;
    const instance = JSON.parse(latest.instanceJson) as Instance;
    const jobs = store.listJobs(s.id, 10);
    const running = jobs.find((j) => j.kind === 'solve' && (j.status === 'queued' || j.status === 'running'));
    const warnings = request.query.warnings ? await warningsOf(latest.instanceJson) : [];
    return page(reply, 'scenario', {
      title: s.name,
      s,
      notice: request.query.notice ?? '',
      problemsHtml: warnings.length > 0 ? problemsHtml('已保存；以下提醒可能影响排班效果', `共 ${warnings.length} 条提醒（不影响保存）`, warnings) : '',
      planned: s.plannedVersion !== null,
      running,
      author: authorOf(request),
      timeLimit: opts.defaultTimeLimit ?? 10,
      maxTimeLimit: opts.maxTimeLimit ?? 300,
      staff: instance.staff.filter((t) => !t.exempt).map((t) => ({ id: t.id, name: t.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      start: instance.calendar.start,
      end: instance.calendar.end,
      versions: store.listVersions(s.id),
      jobs: jobs.map((j) => jobRow(s.id, j)),
      views: VIEWS,
      downloads: DOWNLOADS,
    });
  });

  /** The validation warnings of a stored instance (shown once, after an upload). */
  const warningsOf = async (text: string): Promise<readonly PlacedProblem[]> => {
    const { validateInstance } = await import('../model/validate.js');
    return validateInstance(JSON.parse(text)).warnings;
  };

  const jobRow = (scenario: string, j: StoredJob) => ({
    kind: j.kind === 'solve' ? '排班' : '请假推演',
    href: j.kind === 'solve' ? `/scenarios/${scenario}/jobs/${j.id}` : `/scenarios/${scenario}/proposals/${j.id}`,
    createdAt: j.createdAt,
    status: j.kind === 'whatif' && j.status === 'done' ? (j.resultVersion !== null ? '已接受' : '待确认') : (JOB_STATUS_ZH[j.status] ?? j.status),
    badge: JOB_BADGE[j.status] ?? '',
    note: j.resultVersion !== null ? `保存为第 ${j.resultVersion} 版` : (j.error?.message ?? ''),
  });

  fastify.post<{ Params: { id: string } }>('/scenarios/:id/rename', { schema: { hide: true } }, async (request, reply) => {
    const name = formOf(request).get('name')?.trim().slice(0, 100);
    if (!name) return message(reply, 400, '名称不能为空', '请填写方案名称。', `/scenarios/${request.params.id}`);
    if (!store.renameScenario(request.params.id, name)) return message(reply, 404, '方案不存在', '这个方案不存在，可能已被删除。');
    return seeOther(reply, `/scenarios/${request.params.id}?notice=${encodeURIComponent('已重命名')}`);
  });

  fastify.post<{ Params: { id: string } }>('/scenarios/:id/copy', { schema: { hide: true } }, async (request, reply) => {
    const form = formOf(request);
    const s = scenarioOr404(reply, request.params.id);
    if (!s) return reply;
    const copy = store.copyScenario(s.id, form.get('name')?.trim().slice(0, 100) || `${s.name}（副本）`, authorOf(request, form.get('author')))!;
    return seeOther(reply, `/scenarios/${copy.id}?notice=${encodeURIComponent(`已复制自“${s.name}”`)}`);
  });

  fastify.post<{ Params: { id: string } }>('/scenarios/:id/delete', { schema: { hide: true } }, async (request, reply) => {
    if (formOf(request).get('confirm') !== 'yes') return message(reply, 400, '没有删除', '请先勾选“确认删除”。', `/scenarios/${request.params.id}`);
    for (const j of store.listJobs(request.params.id, 1000)) if (j.status === 'queued' || j.status === 'running') service.cancel(j.id);
    store.deleteScenario(request.params.id);
    return seeOther(reply, '/');
  });

  // ------------------------------------------------------------------ 排班 (solve with progress)
  fastify.post<{ Params: { id: string } }>('/scenarios/:id/solve', { schema: { hide: true } }, async (request, reply) => {
    const form = formOf(request);
    const author = authorOf(request, form.get('author'));
    rememberAuthor(reply, author);
    const t = Number(form.get('timeLimit') ?? '');
    const started = await service.solve(request.params.id, { author, ...(Number.isFinite(t) && t > 0 ? { timeLimit: t } : {}) });
    if (!started.ok) return message(reply, started.status, '无法开始排班', started.message, `/scenarios/${request.params.id}`);
    return seeOther(reply, `/scenarios/${request.params.id}/jobs/${started.job.id}`);
  });

  fastify.get<{ Params: { id: string; job: string } }>('/scenarios/:id/jobs/:job', { schema: { hide: true } }, async (request, reply) => {
    const s = scenarioOr404(reply, request.params.id);
    if (!s) return reply;
    const job = service.job(request.params.job);
    if (!job || job.scenario !== s.id) return message(reply, 404, '任务不存在', '这个任务不存在。', `/scenarios/${s.id}`);
    const active = job.status === 'queued' || job.status === 'running';
    const percent = Math.round((job.progress?.fraction ?? 0) * 100);
    return page(reply, 'job', {
      title: `排班：${s.name}`,
      s,
      job,
      active,
      percent,
      stage: job.progress?.label ?? '排队等待',
      statusText: JOB_STATUS_ZH[job.status] ?? job.status,
      refresh: active ? 2 : 0,
    });
  });

  fastify.get<{ Params: { id: string; job: string } }>('/scenarios/:id/jobs/:job/events', { schema: { hide: true } }, async (request, reply) => {
    const job = service.job(request.params.job);
    if (!job || job.scenario !== request.params.id) return message(reply, 404, '任务不存在', '这个任务不存在。');
    streamJob(service, request, reply, job.id);
  });

  fastify.post<{ Params: { id: string; job: string } }>('/scenarios/:id/jobs/:job/cancel', { schema: { hide: true } }, async (request, reply) => {
    const job = service.job(request.params.job);
    if (!job || job.scenario !== request.params.id) return message(reply, 404, '任务不存在', '这个任务不存在。');
    service.cancel(job.id);
    return seeOther(reply, `/scenarios/${request.params.id}/jobs/${job.id}`);
  });

  // ------------------------------------------------------------------ 查看 (a version's plan)
  const planOf = (s: Scenario, n: number): { instance: Instance; schedule: Schedule | null; v: NonNullable<ReturnType<typeof store.getVersion>> } | null => {
    const v = store.getVersion(s.id, n);
    if (!v) return null;
    return { v, instance: JSON.parse(v.instanceJson) as Instance, schedule: v.scheduleJson ? (JSON.parse(v.scheduleJson) as Schedule) : null };
  };

  fastify.get<{ Params: { id: string; v: string }; Querystring: { view?: string; key?: string; q?: string } }>(
    '/scenarios/:id/versions/:v',
    { schema: { hide: true } },
    async (request, reply) => {
      const s = scenarioOr404(reply, request.params.id);
      if (!s) return reply;
      const plan = planOf(s, Number(request.params.v));
      if (!plan) return message(reply, 404, '版本不存在', '这个版本不存在。', `/scenarios/${s.id}`);
      const { instance, schedule, v } = plan;
      const view = request.query.view ?? 'overview';
      const q = request.query.q ?? '';
      const { renderView } = await planViews();
      const rendered = schedule ? renderView(view, request.query.key ?? '', instance, schedule) : { keys: [], key: '', html: '<p class="notice">这个版本还没有排班结果。</p>' };
      const calendar =
        schedule && view === 'teacher' && rendered.key
          ? `<p class="noprint"><a href="/scenarios/${esc(s.id)}/versions/${v.number}/download/calendar-${encodeURIComponent(rendered.key)}.ics" hx-boost="false" download>下载这位教师的日历（.ics，可导入手机日历）</a></p>`
          : '';
      return page(reply, 'version', {
        title: `${s.name} 第 ${v.number} 版`,
        s,
        v,
        view,
        key: rendered.key,
        keys: rendered.keys,
        q,
        tabs: VIEWS,
        downloads: schedule ? DOWNLOADS : DOWNLOADS.filter((d) => d.file === 'instance.json' || d.file === 'school.xlsx'),
        contentHtml: rendered.html + calendar,
        searchHtml: schedule && q ? await searchHtml(s, v.number, instance, schedule, q) : '',
      });
    },
  );

  const searchHtml = async (s: Scenario, n: number, instance: Instance, schedule: Schedule, q: string): Promise<string> => {
    const office = await officeFormats();
    const classLabel = (_i: Instance, id: string) => {
      const c = instance.classes.find((x) => x.id === id);
      return c ? office.classLabel(c.grade, c.id) : id;
    };
    const needle = q.trim();
    if (!needle) return '';
    const base = `/scenarios/${s.id}/versions/${n}`;
    const out: string[] = [];
    for (const t of instance.staff) if (t.name.includes(needle)) out.push(`<li><a href="${base}?view=teacher&amp;key=${encodeURIComponent(t.id)}">教师：${esc(t.name)}</a></li>`);
    for (const st of instance.students) {
      if (!st.name?.includes(needle)) continue;
      const clubs = schedule.week.clubs.filter((c) => c.students.includes(st.id)).map((c) => instance.clubs?.find((x) => x.id === c.club)?.name ?? c.club);
      out.push(`<li><a href="${base}?view=class&amp;key=${encodeURIComponent(st.class)}">学生：${esc(st.name)}（${esc(classLabel(instance, st.class))}）</a>${clubs.length ? `，社团：${esc(clubs.join('、'))}` : ''}</li>`);
      if (out.length > 50) break;
    }
    return out.length === 0 ? `<p class="muted">没有找到“${esc(needle)}”。</p>` : `<ul>${out.slice(0, 50).join('')}</ul>`;
  };

  fastify.get<{ Params: { id: string; v: string }; Querystring: { q?: string } }>('/scenarios/:id/versions/:v/search', { schema: { hide: true } }, async (request, reply) => {
    const s = store.getScenario(request.params.id);
    const plan = s ? planOf(s, Number(request.params.v)) : null;
    if (!s || !plan?.schedule) return reply.code(404).type(HTML).send('<p class="muted">没有排班结果。</p>');
    return reply.type(HTML).header('cache-control', 'no-store').send(await searchHtml(s, plan.v.number, plan.instance, plan.schedule, request.query.q ?? ''));
  });

  // ------------------------------------------------------------------ 下载
  fastify.get<{ Params: { id: string; v: string; file: string } }>('/scenarios/:id/versions/:v/download/:file', { schema: { hide: true } }, async (request, reply) => {
    const s = scenarioOr404(reply, request.params.id);
    if (!s) return reply;
    const v = store.getVersion(s.id, Number(request.params.v));
    if (!v) return message(reply, 404, '版本不存在', '这个版本不存在。', `/scenarios/${s.id}`);
    const file = request.params.file;
    const attach = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(`${s.name}-第${v.number}版-${name}`)}`;
    if (file === 'instance.json') return reply.type('application/json; charset=utf-8').header('content-disposition', attach('学校数据.json')).send(v.instanceJson);
    const instance = JSON.parse(v.instanceJson) as Instance;
    const office = await officeFormats();
    if (file === 'school.xlsx') return reply.type(XLSX).header('content-disposition', attach('学校数据.xlsx')).send(Buffer.from(await office.writeTemplate(instance)));
    if (v.scheduleJson) {
      const schedule = JSON.parse(v.scheduleJson) as Schedule;
      if (file === 'schedule.json') return reply.type('application/json; charset=utf-8').header('content-disposition', attach('排班结果.json')).send(v.scheduleJson);
      if (file === 'plan.xlsx') return reply.type(XLSX).header('content-disposition', attach('排班表.xlsx')).send(Buffer.from(await office.writePlanWorkbook(instance, schedule)));
      if (file === 'print.html') {
        const html = office.renderPrintable(instance, schedule, { single: true }).files[0].html;
        return reply.type(HTML).header('content-disposition', attach('打印版课表与家长通知.html')).send(html);
      }
      const ics = /^calendar-(.+)\.ics$/.exec(file);
      if (ics) {
        const text = office.writeCalendars(instance, schedule).get(decodeURIComponent(ics[1]));
        const name = instance.staff.find((t) => t.id === decodeURIComponent(ics[1]))?.name ?? '教师';
        if (text) return reply.type('text/calendar; charset=utf-8').header('content-disposition', attach(`${name}.ics`)).send(text);
      }
    }
    return message(reply, 404, '没有这个文件', '这个版本没有这个文件。', `/scenarios/${s.id}`);
  });

  // ------------------------------------------------------------------ 请假 (what-if → proposal → accept / discard)
  fastify.post<{ Params: { id: string } }>('/scenarios/:id/leave', { schema: { hide: true } }, async (request, reply) => {
    const form = formOf(request);
    const author = authorOf(request, form.get('author'));
    rememberAuthor(reply, author);
    const reason = form.get('reason')?.trim();
    const leave: Leave = { staff: form.get('staff') ?? '', from: form.get('from') ?? '', to: form.get('to') ?? '', ...(reason ? { reason } : {}) };
    const r = await service.whatif(request.params.id, { leave: [leave], author });
    if (!r.ok) {
      const text = r.errors.length > 0 ? r.errors.map((e) => e.message).join('；') : r.message;
      return message(reply, r.status, '无法推演请假', text, `/scenarios/${request.params.id}`);
    }
    return seeOther(reply, `/scenarios/${request.params.id}/proposals/${r.proposal.job.id}`);
  });

  fastify.get<{ Params: { id: string; job: string } }>('/scenarios/:id/proposals/:job', { schema: { hide: true } }, async (request, reply) => {
    const s = scenarioOr404(reply, request.params.id);
    if (!s) return reply;
    const p = service.proposal(request.params.job);
    if (!p || p.job.scenario !== s.id) {
      const job = service.job(request.params.job);
      return message(reply, 404, '请假调整不存在', job?.status === 'cancelled' ? '这个请假调整已放弃。' : '这个请假调整不存在。', `/scenarios/${s.id}`);
    }
    return page(reply, 'proposal', { title: '请假调整', s, p, author: authorOf(request) });
  });

  fastify.post<{ Params: { id: string; job: string } }>('/scenarios/:id/proposals/:job/accept', { schema: { hide: true } }, async (request, reply) => {
    const author = authorOf(request, formOf(request).get('author'));
    const r = service.accept(request.params.job, author);
    if (!r.ok) return message(reply, r.status, '没有保存', r.message, `/scenarios/${request.params.id}`);
    return seeOther(reply, `/scenarios/${request.params.id}?notice=${encodeURIComponent(`请假调整已保存为第 ${r.version.number} 版`)}`);
  });

  fastify.post<{ Params: { id: string; job: string } }>('/scenarios/:id/proposals/:job/discard', { schema: { hide: true } }, async (request, reply) => {
    const r = service.discard(request.params.job);
    if ('ok' in r) return message(reply, r.status, '无法放弃', r.message, `/scenarios/${request.params.id}`);
    return seeOther(reply, `/scenarios/${request.params.id}?notice=${encodeURIComponent('已放弃请假调整，方案没有改变')}`);
  });
}

const DOWNLOADS: readonly { file: string; label: string }[] = [
  { file: 'plan.xlsx', label: '排班表（Excel）' },
  { file: 'print.html', label: '打印版课表与家长通知' },
  { file: 'school.xlsx', label: '学校数据（Excel）' },
  { file: 'schedule.json', label: '排班结果（JSON）' },
  { file: 'instance.json', label: '学校数据（JSON）' },
];
