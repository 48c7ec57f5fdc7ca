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
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Problem } from '../model/problems.js';
import { Instance, Schedule } from '../model/schema.js';
import { createJobStore } from './jobs.js';
import { resolveAppOptions, type AppOptions } from './options.js';
import { createWorkerPool, resolvePoolOptions, workerFile } from './pool.js';
import type { CheckOutcome, CheckTask, SolveOutcome, SolveTask } from './protocol.js';
import { isProblemError, problemError, sendProblem, PROBLEM_CONTENT_TYPE } from './problem.js';
import { registerRoutes } from './routes.js';
import type { KehouRuntime } from './runtime.js';

export type { AppOptions } from './options.js';
export type { KehouRuntime } from './runtime.js';

declare module 'fastify' {
  interface FastifyInstance {
    kehou: KehouRuntime;
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
} as const;

// JSON under its own type, as `+json`, and as what curl and forms send by default (the body is JSON all the same)
const JSON_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];
const JSON_SUFFIX_TYPE = /^application\/[\w.-]+\+json$/;

/** Query strings and params: TypeBox conversion ("10" → 10) and check; bodies pass through to the handlers. */
const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return (data) => ({ value: data });
  return (data) => {
    const value = Value.Convert(schema, data);
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

const isV1 = (request: FastifyRequest) => {
  const route = request.routeOptions.url;
  const path = request.url.split('?')[0];
  return (route !== undefined && route.startsWith('/v1')) || /^\/+v1(\/|$)/i.test(path);
};

async function kehouAppPlugin(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  const opts = resolveAppOptions(options);
  const solverOptions = resolvePoolOptions(opts);
  const onError = (pool: string) => (err: Error) => fastify.log.error({ err, pool }, 'worker thread failed');
  const solvers = createWorkerPool<SolveTask, SolveOutcome>(solverOptions, onError('solvers'));
  const checkerThreads = Math.min(4, solverOptions.threads);
  const checkers = createWorkerPool<CheckTask, CheckOutcome>({
    threads: checkerThreads,
    maxQueue: checkerThreads * 32,
    workerFile: workerFile('validate-worker'),
    idleTimeout: solverOptions.idleTimeout,
    minThreads: 1,
    niceIncrement: solverOptions.niceIncrement,
  }, onError('checkers'));
  const jobs = createJobStore({ maxJobs: opts.maxJobs, ttlMs: opts.jobTtl, maxResultChars: opts.jobResultChars });
  const state = { closing: false };
  const drain = async (graceMs = opts.shutdownGrace) => {
    state.closing = true;
    const load = solvers.load();
    if (load.running + load.queued > 0) fastify.log.info({ running: load.running, queued: load.queued, graceMs }, '等待进行中的求解完成');
    await Promise.all([solvers.drain(graceMs), checkers.drain(graceMs)]);
  };
  const runtime: KehouRuntime = { options: opts, drain, checkers, solvers, jobs, state };
  fastify.decorate('kehou', runtime);

  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // ------------------------------------------------------------ bodies: kept as text, parsed in a worker
  const keepText = (_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    done(null, typeof body === 'string' ? body : body.toString('utf8'));
  };
  fastify.addContentTypeParser(JSON_TYPES, { parseAs: 'string', bodyLimit: opts.bodyLimit }, keepText);
  fastify.addContentTypeParser(JSON_SUFFIX_TYPE, { parseAs: 'string', bodyLimit: opts.bodyLimit }, keepText);

  // ------------------------------------------------------------ every request: shutdown, auth, ids
  const authorized = bearerCheck(opts.apiToken);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (runtime.state.closing) {
      reply.header('connection', 'close');
      return sendProblem(reply, 'shutting-down', { detail: '服务正在关闭，请稍后重试或改用其他实例' });
    }
    if (authorized && isV1(request) && !authorized(request)) {
      reply.header('www-authenticate', 'Bearer realm="kehou"');
      return sendProblem(reply, 'unauthorized', {
        detail: request.headers.authorization ? '访问令牌无效' : '缺少访问令牌：请在请求头中加入 Authorization: Bearer <令牌>',
      });
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
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
    await Promise.all([solvers.close(), checkers.close()]);
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
}

/** The app plugin; registered at the root of the given instance (Fastify's skip-override, as fastify-plugin does). */
export const kehouApp: FastifyPluginAsync<AppOptions> = Object.assign(kehouAppPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'kehou',
});

export default kehouApp;
