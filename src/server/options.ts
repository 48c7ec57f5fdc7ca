// Server options: defaults in one Required<> object, overridden by the caller or by KEHOU_* variables.
import { MAX_STUDENTS } from '../model/validate.js';
import type { PoolOptions } from './pool.js';
import type { JobRunner } from './runner.js';

export type AppOptions = PoolOptions & {
  /** largest request body in bytes (413 beyond it); default 20 MB, env KEHOU_BODY_LIMIT */
  readonly bodyLimit?: number;
  /** when non-empty, every /v1 route needs `Authorization: Bearer <token>`; env KEHOU_API_TOKEN */
  readonly apiToken?: string;
  /** seconds given to a solve without ?timeLimit; env KEHOU_TIME_LIMIT */
  readonly defaultTimeLimit?: number;
  /** the largest ?timeLimit accepted, seconds; env KEHOU_MAX_TIME_LIMIT */
  readonly maxTimeLimit?: number;
  /** a task still running after 2 × timeLimit + killMargin seconds is killed (its thread terminated) */
  readonly killMargin?: number;
  /** ms given to running solves on shutdown before they are aborted; env KEHOU_SHUTDOWN_GRACE (seconds) */
  readonly shutdownGrace?: number;
  /** jobs kept (finished ones are forgotten first) */
  readonly maxJobs?: number;
  /** ms a finished job's result is kept */
  readonly jobTtl?: number;
  /** total size of the finished results kept (characters of JSON); the oldest go first */
  readonly jobResultChars?: number;
  /** serve the OpenAPI document and Swagger UI at /docs */
  readonly docs?: boolean;
  /** the workspace's data directory (SQLite store of scenarios, versions, jobs); ':memory:' (the default here) keeps
   * them in memory only; `kehou serve` defaults to ./kehou-data; env KEHOU_DATA */
  readonly dataDir?: string;
  /** the most students an instance may list (422 too-many-students beyond); default 20 000, env KEHOU_MAX_STUDENTS */
  readonly maxStudents?: number;
  /** Host names (or host:port) answered besides the loopback ones (localhost, 127.x, ::1); `*` = any (a server
   * listening beyond loopback). Guards a local Kehou against DNS rebinding; env KEHOU_ALLOWED_HOSTS (comma list) */
  readonly allowedHosts?: readonly string[];
  /** browser origins besides Kehou's own that may POST (e.g. `https://intranet.school.cn`); env KEHOU_ALLOWED_ORIGINS */
  readonly allowedOrigins?: readonly string[];
  /** per-tenant tokens (tenants.ts): token → schools it may plan and read; env KEHOU_TOKENS_FILE */
  readonly tokensFile?: string;
  /** where /v1/jobs run; default the in-process pool (`kehou serve --redis URL` passes the district queue) */
  readonly jobRunner?: JobRunnerFactory;
};

/** Makes the jobs' runner once the app has its pools (the in-process default is passed in, to wrap or ignore). */
export type JobRunnerFactory = (defaults: { readonly inProcess: JobRunner }) => JobRunner;

type Optional = keyof PoolOptions | 'jobRunner';

export type ResolvedAppOptions = Required<Omit<AppOptions, Optional>> & Pick<AppOptions, Optional>;

export const DEFAULT_APP_OPTIONS: Required<Omit<AppOptions, Optional>> = {
  bodyLimit: 20 * 1024 * 1024,
  apiToken: '',
  defaultTimeLimit: 10,
  maxTimeLimit: 300,
  killMargin: 30,
  shutdownGrace: 30_000,
  maxJobs: 1000,
  jobTtl: 3_600_000,
  jobResultChars: 256 * 1024 * 1024,
  docs: true,
  dataDir: ':memory:',
  maxStudents: MAX_STUDENTS,
  allowedHosts: [],
  allowedOrigins: [],
  tokensFile: '',
};

export function resolveAppOptions(options: AppOptions = {}): ResolvedAppOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_APP_OPTIONS, ...given } as ResolvedAppOptions;
}

/** `20mb`, `512k`, `1048576` → bytes; null when not a size. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?\s*$/i.exec(text);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes >= 1 ? bytes : null;
}

export type EnvOptions = { readonly ok: true; readonly options: AppOptions } | { readonly ok: false; readonly message: string };

/** Options from KEHOU_* environment variables (unset ones are left to the defaults). */
export function appOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EnvOptions {
  const out: Record<string, unknown> = {};
  const number = (name: string, key: keyof AppOptions, scale = 1, min = 0): string | null => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) return `环境变量 ${name} 的值“${raw}”无效，应为不小于 ${min} 的数字`;
    out[key] = n * scale;
    return null;
  };
  const problems = [
    number('KEHOU_THREADS', 'threads', 1, 1),
    number('KEHOU_MAX_QUEUE', 'maxQueue'),
    number('KEHOU_TIME_LIMIT', 'defaultTimeLimit', 1, 0.001),
    number('KEHOU_MAX_TIME_LIMIT', 'maxTimeLimit', 1, 0.001),
    number('KEHOU_SHUTDOWN_GRACE', 'shutdownGrace', 1000),
    number('KEHOU_MAX_STUDENTS', 'maxStudents', 1, 1),
  ].filter((p): p is string => p !== null);
  const limit = env.KEHOU_BODY_LIMIT;
  if (limit !== undefined && limit.trim() !== '') {
    const bytes = parseByteSize(limit);
    if (bytes === null) problems.push(`环境变量 KEHOU_BODY_LIMIT 的值“${limit}”无效，应为字节数（如 20mb、512kb、1048576）`);
    else out.bodyLimit = bytes;
  }
  if (env.KEHOU_API_TOKEN) out.apiToken = env.KEHOU_API_TOKEN;
  if (env.KEHOU_DATA) out.dataDir = env.KEHOU_DATA;
  const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list(env.KEHOU_ALLOWED_HOSTS).length > 0) out.allowedHosts = list(env.KEHOU_ALLOWED_HOSTS);
  if (list(env.KEHOU_ALLOWED_ORIGINS).length > 0) out.allowedOrigins = list(env.KEHOU_ALLOWED_ORIGINS);
  if (env.KEHOU_TOKENS_FILE) out.tokensFile = env.KEHOU_TOKENS_FILE;
  return problems.length > 0 ? { ok: false, message: problems.join('\n') } : { ok: true, options: out as AppOptions };
}
