// The Kehou HTTP API as one Fastify plugin (fastify/demo style: this file is the application, server.ts
// owns the process). It registers at the root of the instance it is given (skip-override), so its error
// and not-found handlers answer for every route.
//
// Bodies: kept as text on the event loop and handed to worker threads, which parse them (parseJson: 400 with
// line and column) and validate them with validateInstance (422 with the CLI's list of {path, code, message});
// Fastify's own validator never sees a body, it checks only query strings and route params, with TypeBox
// (Value.Convert + Check). Solves run in a second pool (pool.ts). Responses are serialized by JSON.stringify
// or arrive serialized from a worker: the response schemas document the API (OpenAPI), they never filter it.
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Problem } from '../model/problems.js';
import { Instance, Schedule } from '../model/schema.js';
import { allowedBodyTypes, JSON_BODY, mediaType } from './body-types.js';
import { createJobStore } from './jobs.js';
import { resolveAppOptions, type AppOptions, type ResolvedAppOptions } from './options.js';
import { createWorkerPool, resolvePoolOptions, workerFile } from './pool.js';
import type { CheckOutcome, CheckTask, SolveOutcome, SolveTask } from './protocol.js';
import { isProblemError, problem, problemError, sendProblem, PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from './problem.js';
import { createInProcessRunner, registerRoutes } from './routes.js';
import { openStore } from '../store/index.js';
import { createScenarioService } from './scenarios.js';
import { scenarioRoutes } from './scenario-routes.js';
import { workspacePage } from '../web/index.js';
import { registerWorkbookBodies } from './workbook.js';
import { createSessions } from './session.js';
import type { KehouRuntime } from './runtime.js';
import { readTenantsFile, type TenantGrant, type Tenants } from './tenants.js';

export type { AppOptions } from './options.js';
export type { KehouRuntime } from './runtime.js';

declare module 'fastify' {
  interface FastifyInstance {
    kehou: KehouRuntime;
  }
  interface FastifyRequest {
    /** the schools the caller's tenant token covers (null: no tokens file, or the operator's KEHOU_API_TOKEN) */
    kehouGrant: TenantGrant | null;
  }
}

/** The options this app needs from the Fastify factory (server.ts and tests use them). */
export const FASTIFY_OPTIONS = {
  // while closing, requests get our own 503 problem (see onRequest), not Fastify's plain one
  return503OnClosing: false,
  // bodies are limited per content type below; this only bounds what Fastify would read without a parser
  bodyLimit: 1024 * 1024,
  // a client gets this long to send its whole request (slow uploads cannot hold a connection forever)
  requestTimeout: 120_000,
  // errors Node reports before a request exists (408 timeout, 431, malformed HTTP): problem+json too
  clientErrorHandler,
} as const;

/** A client error answered on the raw socket (no request, no route) as problem+json, then the socket closed. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request-timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? 'headers-too-large' : 'bad-request';
  const detail =
    code === 'request-timeout'
      ? '请求未能在规定时间内发送完毕，连接已关闭（上传过慢或网络中断）'
      : code === 'headers-too-large'
        ? '请求头过大'
        : '无法解析的 HTTP 请求';
  const body = JSON.stringify(problem(code, { detail }));
  const status = PROBLEM_TYPES[code].status;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Content-Security-Policy: scripts, styles, fonts and requests from Kehou itself only (the page at / serves
 * htmx from this server; Swagger UI at /docs loads its files from here too). */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
} as const;

/** Is this a Host (or a hostname) that names this machine's loopback interface? */
export function isLoopbackHost(host: string): boolean {
  const name = hostnameOf(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** `Example.org:8080` → `example.org`; `[::1]:80` → `::1`. */
function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colons = h.split(':').length - 1;
  return colons === 1 ? h.slice(0, h.indexOf(':')) : h; // a bare IPv6 address has several
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Refusal = { readonly code: 'forbidden-origin' | 'forbidden-host'; readonly detail: string };

/** Browser requests from elsewhere (issue 14.3): a Host this server does not answer to (DNS rebinding), or a
 * state-changing request from a page of another origin (Origin, or Sec-Fetch-Site when Origin is absent). */
function browserGuard(opts: ResolvedAppOptions): (request: FastifyRequest) => Refusal | null {
  const anyHost = opts.allowedHosts.includes('*');
  const hosts = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
  const origins = new Set(opts.allowedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, '')));
  const hostOk = (host: string) => anyHost || isLoopbackHost(host) || hosts.has(host.toLowerCase()) || hosts.has(hostnameOf(host));
  return (request) => {
    const host = request.headers.host;
    if (host !== undefined && !hostOk(host)) {
      return { code: 'forbidden-host', detail: `本服务不接受主机名“${host.slice(0, 100)}”的请求（可用 KEHOU_ALLOWED_HOSTS 允许经代理访问的主机名）` };
    }
    if (SAFE_METHODS.has(request.method)) return null;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const o = origin.toLowerCase().replace(/\/+$/, '');
      let sameHost = false;
      try {
        const from = new URL(o); // the Host header with the origin's scheme, so default ports compare equal
        sameHost = host !== undefined && from.host === new URL(`${from.protocol}//${host}`).host;
      } catch {
        sameHost = false; // "null" (a sandboxed page, a file) or garbage
      }
      if (sameHost || origins.has(o)) return null;
      return { code: 'forbidden-origin', detail: `拒绝来自其他网站（${origin.slice(0, 100)}）的请求：浏览器中只有 Kehou 自己的页面可以提交（可用 KEHOU_ALLOWED_ORIGINS 允许其他来源）` };
    }
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { code: 'forbidden-origin', detail: '拒绝来自其他网站的请求：浏览器中只有 Kehou 自己的页面可以提交' };
    }
    return null;
  };
}

/** Routes whose JSON body stays bytes until a worker decodes it (routes.ts reads text or bytes). */
const BYTES_ROUTES = new Set(['/v1/validate', '/v1/solve', '/v1/jobs', '/v1/whatif']);

/** A request that carries a body (a length above zero, or chunked). */
const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A query or params object with its numbers and booleans read strictly, as the CLI reads its options:
 * "10" → 10, "0.5" → 0.5, "true" → true; "1.5" for an integer, "0x10", " 7" or "1e400" stay text (and fail the
 * check). TypeBox's Value.Convert would truncate 1.5 to 1 and read hex. */
function strictConvert(schema: TSchema, data: unknown): unknown {
  const properties = (schema as { properties?: Record<string, { type?: string }> }).properties;
  if (!properties || typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    const type = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key].type : undefined;
    if (typeof value !== 'string') continue;
    if (type === 'integer' && INTEGER_TEXT.test(value) && Number.isSafeInteger(Number(value))) out[key] = Number(value);
    else if (type === 'number' && NUMBER_TEXT.test(value) && Number.isFinite(Number(value))) out[key] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) out[key] = value === 'true';
  }
  return out;
}

/** Query strings and params: strict conversion ("10" → 10, never 1.5 → 1) and a TypeBox check; bodies pass
 * through to the handlers. */
const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return (data) => ({ value: data });
  return (data) => {
    const value = strictConvert(schema, data);
    if (Value.Check(schema, value)) return { value };
    const errors: Problem[] = [...Value.Errors(schema, value)].map((e) => ({
      path: `/${httpPart === 'querystring' ? 'query' : httpPart}${e.path}`,
      code: 'bad-parameter',
      message: `参数 ${e.path.slice(1) || httpPart} 无效：${e.message}`,
      severity: 'error',
    }));
    return { error: problemError('bad-request', { detail: errors.map((p) => p.message).join('；'), errors }) };
  };
};

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** The bearer token check (constant time); null when no token is configured. */
function bearerCheck(token: string): ((request: FastifyRequest) => boolean) | null {
  if (!token) return null;
  const expected = sha256(token);
  return (request) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
    return m !== null && timingSafeEqual(sha256(m[1]), expected);
  };
}

const isDocs = (request: FastifyRequest) => /^\/+docs(\/|$|\?)/i.test(request.url);

/** What stays open when a token is set: the page's static files, the sign-in page itself, the health check. */
const isOpen = (request: FastifyRequest) => /^\/(assets\/|favicon\.ico$|signin$|healthz$)/.test(request.url.split('?')[0]);

/** Where a refused page request is sent: the sign-in page, back to this page after (GET only). */
const signInUrl = (request: FastifyRequest) =>
  request.method === 'GET' && request.url !== '/' ? `/signin?next=${encodeURIComponent(request.url)}` : '/signin';

const isV1 = (request: FastifyRequest) => {
  const route = request.routeOptions.url;
  const path = request.url.split('?')[0];
  return (route !== undefined && route.startsWith('/v1')) || /^\/+v1(\/|$)/i.test(path);
};

async function kehouAppPlugin(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  const opts = resolveAppOptions(options);
  const solverOptions = resolvePoolOptions(opts);
  const onError = (pool: string) => (err: Error) => fastify.log.error({ err, pool }, 'worker thread failed');
  // one log line when a solve (or what-if) leaves the queue for its thread: operators and tests see it running
  const onSolveStart = (load: { readonly running: number; readonly queued: number }) =>
    fastify.log.info({ pool: 'solvers', running: load.running, queued: load.queued }, 'solve started');
  const solvers = createWorkerPool<SolveTask, SolveOutcome>(solverOptions, onError('solvers'), onSolveStart);
  const checkerThreads = Math.min(4, solverOptions.threads);
  const checkers = createWorkerPool<CheckTask, CheckOutcome>({
    threads: checkerThreads,
    maxQueue: checkerThreads * 32,
    workerFile: workerFile('validate-worker'),
    idleTimeout: solverOptions.idleTimeout,
    minThreads: 1,
    niceIncrement: solverOptions.niceIncrement,
    // parsing and validating a body at the limit takes a few hundred MB; past this the thread ends, not the server
    maxMemoryMb: Math.min(1024, solverOptions.maxMemoryMb),
  }, onError('checkers'));
  const jobs = createJobStore({ maxJobs: opts.maxJobs, ttlMs: opts.jobTtl, maxResultChars: opts.jobResultChars });
  const state = { closing: false };
  const drain = async (graceMs = opts.shutdownGrace) => {
    state.closing = true;
    const load = solvers.load();
    if (load.running + load.queued > 0) fastify.log.info({ running: load.running, queued: load.queued, graceMs }, '等待进行中的求解完成');
    // a request can move from a checker to a solver while we wait (its body was still being validated when the
    // signal came): drain both until they are idle together, within the one grace period
    const end = Date.now() + Math.max(0, graceMs);
    const busy = () => [solvers.load(), checkers.load()].some((l) => l.running + l.queued > 0);
    do {
      const left = Math.max(0, end - Date.now());
      await Promise.all([solvers.drain(left), checkers.drain(left)]);
      await new Promise((resolve) => setImmediate(resolve)); // let a handler hand its checked body to a solver
    } while (busy());
  };
  const store = openStore(opts.dataDir);
  // the workspace's solves go where the jobs' runner sends them (`--redis`: the district queue), else to `solvers`
  const workspace = createScenarioService({ options: opts, checkers, solvers, solveRunner: () => runtime.runner.tasks }, store, fastify.log);
  let tenants: Tenants | null = null;
  if (opts.tokensFile) {
    const read = readTenantsFile(opts.tokensFile);
    if (!read.ok) throw new Error(read.message);
    tenants = read.tenants;
  }
  const base = { options: opts, drain, checkers, solvers, jobs, state, workspace, tenants };
  const inProcess = createInProcessRunner(base);
  const runtime: KehouRuntime = { ...base, runner: opts.jobRunner ? opts.jobRunner({ inProcess }) : inProcess };
  fastify.decorate('kehou', runtime);
  fastify.decorateRequest('kehouGrant', null);

  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // ------------------------------------------------------------ bodies: kept as text, parsed in a worker
  // the bytes as they came: decoding 20 MB of UTF-8 (and the garbage of a string built chunk by chunk) is a
  // worker's job, not the event loop's; a worker gets a copy of the bytes (a memcpy), never a string to clone
  // (routes.ts's instance routes; every other route, e.g. the workspace's, gets the text as before: a Buffer
  // body means a workbook there)
  const keepBytes = (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    done(null, typeof body !== 'string' && BYTES_ROUTES.has(request.routeOptions.url ?? '') ? body : body.toString('utf8'));
  };
  // only JSON under its own name (see body-types.ts for the other types a route may take)
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(JSON_BODY, { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, keepBytes);
  registerWorkbookBodies(fastify, opts.bodyLimit); // Excel workbooks (.xlsx) read into an instance: workbook.ts

  // ------------------------------------------------------------ security headers (helmet), CSP: Kehou's own files only
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false, // Kehou speaks plain HTTP; TLS (and HSTS) belong to the proxy in front of it
    // not no-referrer: under it Chromium sends `Origin: null` with a plain (non-htmx) form post, which the guard
    // below must refuse; same-origin keeps the page's own origin on its forms and tells other sites nothing
    referrerPolicy: { policy: 'same-origin' },
  });

  // ------------------------------------------------------------ every request: shutdown, auth, ids
  const authorized = bearerCheck(opts.apiToken);
  const sessions = createSessions(opts.apiToken);
  const refusal = browserGuard(opts);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (runtime.state.closing) {
      reply.header('connection', 'close');
      return sendProblem(reply, 'shutting-down', { detail: '服务正在关闭，请稍后重试或改用其他实例' });
    }
    const refused = refusal(request);
    if (refused) return sendProblem(reply, refused.code, { detail: refused.detail });
    if (tenants && isV1(request)) {
      // a tenant's token: its schools only; the operator's KEHOU_API_TOKEN (or the page's session): every school
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
      const grant = m ? tenants.grantOf(m[1]) : undefined;
      if (grant) request.kehouGrant = grant.all ? null : grant;
      else if ((!authorized || !authorized(request)) && !(authorized && !m && request.headers.authorization === undefined && sessions.valid(request))) {
        reply.header('www-authenticate', 'Bearer realm="kehou"');
        return sendProblem(reply, 'unauthorized', { detail: m ? '访问令牌无效' : '缺少访问令牌：请在请求头中加入 Authorization: Bearer <令牌>' });
      }
    } else if (authorized && (isV1(request) || isDocs(request))) {
      // with a token: the API and /docs take the bearer token or the page's session; every page needs the session
      if (!authorized(request) && !(request.headers.authorization === undefined && sessions.valid(request))) {
        reply.header('www-authenticate', 'Bearer realm="kehou"');
        return sendProblem(reply, 'unauthorized', {
          detail: request.headers.authorization ? '访问令牌无效' : '缺少访问令牌：请在请求头中加入 Authorization: Bearer <令牌>，或在网页上先登录',
        });
      }
    } else if (sessions.enabled && !isOpen(request) && !sessions.valid(request)) {
      const to = signInUrl(request);
      reply.header('cache-control', 'no-store');
      // htmx (a search box, a boosted form) follows HX-Redirect with a full page load
      if (request.headers['hx-request']) return reply.code(401).header('hx-redirect', to).type('text/plain; charset=utf-8').send('请先登录');
      return reply.code(303).header('location', to).send();
    }
    // the body's type, before a byte of it is read (body-types.ts lists what each route takes)
    if (isV1(request) && hasBody(request)) {
      const allowed = allowedBodyTypes(request.method, request.routeOptions.url);
      const type = mediaType(request.headers['content-type']);
      if (!allowed.includes(type)) {
        return sendProblem(reply, 'unsupported-media-type', {
          detail: `不支持的请求体类型“${type.slice(0, 100) || '（未注明）'}”：这里只接受 ${allowed.join('、')}（curl 可加 -H "Content-Type: application/json"）`,
        });
      }
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (isV1(request)) reply.header('cache-control', 'no-store');
    return payload;
  });

  // ------------------------------------------------------------ errors: problem+json, never a stack
  fastify.setNotFoundHandler((request, reply) => {
    return sendProblem(reply, 'not-found', { detail: `没有这个接口：${request.method} ${request.url.split('?')[0]}` });
  });
  fastify.setErrorHandler((error, request, reply) => {
    if (isProblemError(error)) return sendProblem(reply, error.problemCode, error.problemInit);
    const e = error as Error & { code?: string; statusCode?: number; validation?: unknown };
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 'body-too-large', {
          detail: `请求体超过上限 ${opts.bodyLimit} 字节（可用 KEHOU_BODY_LIMIT 或 bodyLimit 选项调整）`,
        });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 'unsupported-media-type', {
          detail: '请求体应为 JSON：请使用 Content-Type: application/json（curl 可加 -H "Content-Type: application/json"）',
        });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 'empty-body', { detail: '请求体为空，应为一个 JSON 对象' });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, 'bad-request', { detail: '请求头 Content-Length 与请求体长度不一致' });
    }
    const status = e.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: e.code, status }, 'client error');
      const body = {
        type: 'about:blank',
        title: '请求无效',
        status,
        detail: '请求无法处理',
        code: 'bad-request',
        errors: [],
        instance: request.url.split('?')[0],
        requestId: String(request.id),
      };
      return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(body);
    }
    request.log.error({ err: error }, 'internal error');
    return sendProblem(reply, 'internal-error', { detail: `服务器内部错误（请求编号 ${request.id}），已记录日志` });
  });

  // ------------------------------------------------------------ lifecycle: abort what is left, then close the pools
  // (the grace period is `drain`, before close: Fastify's hooks have a 10 s timeout)
  fastify.addHook('preClose', async () => {
    await drain(0);
  });
  fastify.addHook('onClose', async () => {
    await Promise.all([solvers.close(), checkers.close(), runtime.runner === inProcess ? undefined : runtime.runner.close()]);
    store.close();
  });

  // ------------------------------------------------------------ OpenAPI from the TypeBox schemas
  fastify.addSchema(Instance);
  fastify.addSchema(Schedule);
  if (opts.docs) {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Kehou 课后服务排班 API',
          description: '课后服务排班：校验学校数据、求解周排班与学期安排、请假调整。错误均为 application/problem+json（RFC 9457）。',
          version: '1',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        ...(opts.apiToken ? { security: [{ bearer: [] }] } : {}),
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          json.$id === Instance.$id ? 'Instance' : json.$id === Schedule.$id ? 'Schedule' : `def-${i}`,
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs' });
  }

  registerRoutes(fastify, runtime);
  // the workspace: its API (own multipart and .xlsx parsers, encapsulated) and the office's page at /
  await fastify.register(scenarioRoutes, { service: workspace, bodyLimit: opts.bodyLimit });
  await fastify.register(workspacePage, { service: workspace, session: sessions, bodyLimit: opts.bodyLimit, defaultTimeLimit: opts.defaultTimeLimit, maxTimeLimit: opts.maxTimeLimit });
}

/** The app plugin; registered at the root of the given instance (Fastify's skip-override, as fastify-plugin does). */
export const kehouApp: FastifyPluginAsync<AppOptions> = Object.assign(kehouAppPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'kehou',
});

export default kehouApp;
