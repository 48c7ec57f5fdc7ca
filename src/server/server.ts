// The server process: builds Fastify with the app plugin, listens, prints the bound address on stdout
// (one line, for people and for scripts), logs with pino (Fastify's logger, one JSON line per event with
// the request id), and shuts down gracefully on SIGTERM/SIGINT: new requests get 503, running solves get
// `shutdownGrace` ms to finish (then they are aborted), and the process exits 0. A second signal exits at once.
// Run it with `kehou serve` (src/cli/serve.ts) or directly: `node dist/server/server.js` (PORT, HOST, KEHOU_*).
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { FASTIFY_OPTIONS, isLoopbackHost, kehouApp } from './app.js';
import { appOptionsFromEnv, resolveAppOptions, type AppOptions } from './options.js';

export type ServerOptions = AppOptions & {
  /** pino options, or false for no logging; default: level from KEHOU_LOG_LEVEL or 'info' */
  readonly logger?: FastifyServerOptions['logger'];
  /** listen beyond loopback without KEHOU_API_TOKEN (`--insecure-no-token`): anyone on the network may use it */
  readonly insecureNoToken?: boolean;
  /** ms a client gets to send its whole request (then 408); default 120 000 */
  readonly requestTimeout?: number;
};

/** A client's own `X-Request-Id` (letters, digits, `-_.:`, ≤ 128) is kept, so its logs and ours match; else a UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** A non-loopback listen without a token and without `insecureNoToken` (issue 14.4): thrown before binding. */
export class InsecureListenError extends Error {
  readonly code = 'insecure-listen';
}

/** Refuses to serve every interface with no token; null when the listen is fine. */
export function insecureListen(listen: ListenOptions, options: ServerOptions): string | null {
  if (isLoopbackHost(listen.host) || options.apiToken || options.insecureNoToken) return null;
  return (
    `拒绝在 ${listen.host} 上监听：这会让网络上的任何人无需令牌即可使用本服务。` +
    `请设置环境变量 KEHOU_API_TOKEN（客户端用 Authorization: Bearer <令牌>），或只在本机监听（--host 127.0.0.1）；` +
    `确需无令牌对外服务时加 --insecure-no-token`
  );
}

/** The address as bound: `http://127.0.0.1:8080`, `http://[::1]:8080`, `http://0.0.0.0:8080` (every interface). */
function boundAddress(app: FastifyInstance): { url: string; everywhere: boolean } {
  const a = app.server.address();
  if (a === null || typeof a === 'string') return { url: String(a), everywhere: false };
  const host = a.family === 'IPv6' || a.family === (6 as unknown as string) ? `[${a.address}]` : a.address;
  return { url: `http://${host}:${a.port}`, everywhere: a.address === '0.0.0.0' || a.address === '::' };
}

export type ListenOptions = { readonly port: number; readonly host: string };

export const DEFAULT_LISTEN: ListenOptions = { port: 8080, host: '127.0.0.1' };

/** A Fastify instance with the Kehou app registered (not listening): what tests inject into. */
export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const { logger, requestTimeout = FASTIFY_OPTIONS.requestTimeout, insecureNoToken: _, ...appOptions } = options;
  const app = Fastify({
    ...FASTIFY_OPTIONS,
    requestTimeout,
    // Node checks for timed-out requests this often (its default, 30 s, would let a short timeout run long)
    http: { connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(requestTimeout / 4))) },
    logger: logger ?? { level: process.env.KEHOU_LOG_LEVEL ?? 'info' },
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
  });
  // Node times a request out only when its headers' own timeout (60 s) is not longer
  app.server.headersTimeout = Math.min(app.server.headersTimeout, requestTimeout);
  await app.register(kehouApp, appOptions);
  return app;
}

export type Started = { readonly app: FastifyInstance; readonly address: string };

/** Listens, prints `Kehou 服务已启动：<address>` on stdout and installs the signal handlers. */
export async function startServer(listen: ListenOptions, options: ServerOptions = {}): Promise<Started> {
  const refused = insecureListen(listen, options);
  if (refused) throw new InsecureListenError(refused);
  // beyond loopback the clients name this machine as they like (its address, a DNS name): answer every Host
  const loopback = isLoopbackHost(listen.host);
  const { insecureNoToken: _, ...serverOptions } = options;
  const app = await createServer(loopback || options.allowedHosts?.length ? serverOptions : { ...serverOptions, allowedHosts: ['*'] });
  try {
    await app.listen({ port: listen.port, host: listen.host });
  } catch (e) {
    await app.close(); // its worker threads would keep the process alive
    throw e;
  }
  const { url: address, everywhere } = boundAddress(app);
  const docs = options.docs === false ? '' : `（接口文档：${address}/docs${options.apiToken ? '，需令牌' : ''}）`;
  process.stdout.write(`Kehou 服务已启动：${address}${everywhere ? '，监听本机所有网络接口' : ''}${docs}\n`);
  if (!loopback) {
    process.stderr.write(
      options.apiToken
        ? `注意：服务对网络开放（${listen.host}），网页需用口令登录，/v1 与 /docs 需要访问令牌\n`
        : `警告：服务对网络开放（${listen.host}）且没有访问令牌（--insecure-no-token），网络上的任何人都可以使用\n`,
    );
  }
  const grace = resolveAppOptions(options).shutdownGrace;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, '再次收到信号，立即退出');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal, graceMs: grace }, '收到信号，正在优雅关闭');
    // a last resort if closing hangs (a socket that never ends)
    setTimeout(() => {
      app.log.error('关闭超时，强制退出');
      process.exit(1);
    }, grace + 10_000).unref();
    app.kehou
      .drain(grace)
      .then(() => app.close())
      .then(
        () => {
          app.log.info('已关闭');
          process.exit(0);
        },
        (err: unknown) => {
          app.log.error({ err }, '关闭时出错');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return { app, address };
}

/** Listen options from PORT and HOST (defaults 8080 and 127.0.0.1); a message when PORT is not a port. */
export function listenFromEnv(env: NodeJS.ProcessEnv = process.env): ListenOptions | string {
  const port = env.PORT === undefined || env.PORT === '' ? DEFAULT_LISTEN.port : parsePort(env.PORT);
  if (port === null) return `环境变量 PORT 的值“${env.PORT}”不是有效端口（0–65535）`;
  return { port, host: env.HOST || DEFAULT_LISTEN.host };
}

/** A listen error in Chinese (address in use, no permission, no such address). */
export function listenFailure(e: unknown, listen: ListenOptions): string {
  if (e instanceof InsecureListenError) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  const at = `${listen.host}:${listen.port}`;
  if (code === 'EADDRINUSE') return `地址 ${at} 已被占用，请用 --port 换一个端口`;
  if (code === 'EACCES') return `没有权限监听 ${at}（1024 以下的端口通常需要管理员权限）`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `本机没有地址 ${listen.host}，请检查 --host`;
  return `服务无法启动：${(e as Error)?.message ?? String(e)}`;
}

export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

// `node dist/server/server.js`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const listen = listenFromEnv();
  const env = appOptionsFromEnv();
  if (typeof listen === 'string' || !env.ok) {
    process.stderr.write(`错误：${typeof listen === 'string' ? listen : (env as { message: string }).message}\n`);
    process.exit(2);
  }
  startServer(listen, { ...env.options, insecureNoToken: process.env.KEHOU_INSECURE_NO_TOKEN === '1' }).catch((e: unknown) => {
    process.stderr.write(`错误：${listenFailure(e, listen)}\n`);
    process.exit(e instanceof InsecureListenError ? 2 : 1);
  });
}
