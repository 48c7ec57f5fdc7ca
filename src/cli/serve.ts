// `kehou serve [--port N] [--host H]`: the HTTP API (src/server). Defaults 8080 (or PORT) and 127.0.0.1
// (or HOST); options override KEHOU_* variables. The workspace's data (saved scenarios) lives in --data DIR
// (default ./kehou-data). Prints the bound address on stdout; logs as JSON lines.
// SIGTERM/SIGINT: graceful shutdown (running solves get the grace period), exit 0.
import { InvalidArgumentError, type Command } from 'commander';
import { maxStudentsArg } from './io.js';

const port = (text: string): number => {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new InvalidArgumentError('应为 0–65535 之间的整数（0 表示任选空闲端口）');
  return Number(text);
};
const positive = (text: string): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('应为正数');
  return n;
};
const count = (text: string): number => {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('应为非负整数');
  return Number(text);
};

type ServeFlags = {
  port?: number;
  host?: string;
  threads?: number;
  maxQueue?: number;
  bodyLimit?: string;
  timeLimit?: number;
  grace?: number;
  data?: string;
  maxStudents?: number;
  insecureNoToken?: boolean;
  redis?: string;
};

export function register(program: Command): void {
  program
    .command('serve')
    .description('启动 HTTP 接口服务（接口文档在 /docs；设置 KEHOU_API_TOKEN 后 /v1 接口需要 Bearer 令牌）')
    .option('-p, --port <port>', '端口（默认 8080 或环境变量 PORT；0 表示任选空闲端口）', port)
    .option('--host <host>', '监听地址（默认 127.0.0.1 或环境变量 HOST）')
    .option('--threads <n>', '求解工作线程数（默认为本机可用处理器数）', positive)
    .option('--max-queue <n>', '排队等待的求解数上限，超出时返回 503（默认线程数的 4 倍）', count)
    .option('--body-limit <size>', '请求体上限，如 20mb（默认 20mb 或 KEHOU_BODY_LIMIT）')
    .option('--time-limit <seconds>', '未指定 ?timeLimit 时每次求解的时间（秒，默认 10）', positive)
    .option('--grace <seconds>', '收到 SIGTERM 后等待进行中求解的时间（秒，默认 30）', positive)
    .option('--data <dir>', '工作台数据目录：学校方案、版本与任务保存在其中的 kehou.db（默认 ./kehou-data 或环境变量 KEHOU_DATA）')
    .option('--max-students <n>', '一所学校的学生人数上限（默认 20000 或 KEHOU_MAX_STUDENTS）', maxStudentsArg)
    .option('--insecure-no-token', '允许在非本机地址（如 --host 0.0.0.0）上无令牌监听（不建议：网络上任何人都能使用）')
    .option('--redis <url>', '区级任务队列：/v1/jobs 经 Redis 队列交给 kehou worker 求解（默认在本进程中求解；或环境变量 KEHOU_REDIS_URL）', process.env.KEHOU_REDIS_URL)
    .action(async (flags: ServeFlags) => {
      const { appOptionsFromEnv, parseByteSize } = await import('../server/options.js');
      const { InsecureListenError, listenFailure, listenFromEnv, startServer } = await import('../server/server.js');
      const env = appOptionsFromEnv();
      // PORT and HOST only count where --port and --host are not given
      const listen = listenFromEnv({ ...process.env, ...(flags.port !== undefined ? { PORT: String(flags.port) } : {}) });
      if (!env.ok || typeof listen === 'string') {
        process.stderr.write(`错误：${!env.ok ? env.message : listen}\n`);
        process.exitCode = 2;
        return;
      }
      let bodyLimit: number | undefined;
      if (flags.bodyLimit !== undefined) {
        const bytes = parseByteSize(flags.bodyLimit);
        if (bytes === null) {
          process.stderr.write(`错误：选项 --body-limit 的值“${flags.bodyLimit}”无效，应为字节数（如 20mb、512kb）\n`);
          process.exitCode = 2;
          return;
        }
        bodyLimit = bytes;
      }
      let jobRunner: import('../server/options.js').JobRunnerFactory | undefined;
      if (flags.redis !== undefined && flags.redis !== '') {
        const { checkRedisUrl } = await import('../queue/connection.js');
        const bad = checkRedisUrl(flags.redis);
        if (bad) {
          process.stderr.write(`错误 [bad-redis-url]：${bad}\n`);
          process.exitCode = 2;
          return;
        }
        const { createQueueRunner } = await import('../server/district.js');
        const ttl = process.env.KEHOU_RESULT_TTL;
        const keepSeconds = ttl !== undefined && ttl !== '' && Number(ttl) > 0 ? Number(ttl) : undefined;
        const redis = flags.redis;
        jobRunner = () => createQueueRunner({ redis, ...(keepSeconds !== undefined ? { keepSeconds } : {}) });
      }
      const where = { port: listen.port, host: flags.host ?? listen.host };
      await startServer(where, {
        ...env.options,
        ...(flags.threads !== undefined ? { threads: Math.floor(flags.threads) } : {}),
        ...(flags.maxQueue !== undefined ? { maxQueue: flags.maxQueue } : {}),
        ...(bodyLimit !== undefined ? { bodyLimit } : {}),
        ...(flags.timeLimit !== undefined ? { defaultTimeLimit: flags.timeLimit } : {}),
        ...(flags.grace !== undefined ? { shutdownGrace: flags.grace * 1000 } : {}),
        dataDir: flags.data ?? env.options.dataDir ?? './kehou-data',
        ...(flags.maxStudents !== undefined ? { maxStudents: flags.maxStudents } : {}),
        ...(flags.insecureNoToken ? { insecureNoToken: true } : {}),
        ...(jobRunner ? { jobRunner } : {}),
      }).catch((e: unknown) => {
        process.stderr.write(`错误：${listenFailure(e, where)}\n`);
        process.exitCode = e instanceof InsecureListenError ? 2 : 1;
      });
    });
}
