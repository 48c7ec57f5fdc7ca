// `kehou worker --redis URL [--concurrency N] [--lock-seconds S]`: takes solve and what-if jobs from the
// district queue (src/queue) and runs them in worker threads, one per --concurrency (default 1; one per core
// is the rule of thumb). Prints one line per job on stdout. SIGTERM/SIGINT drain: running jobs finish, no
// new one is taken, exit 0; a second signal exits at once (its jobs go back to the queue when their lock ends).
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT, fail } from './io.js';

const positiveInt = (text: string): number => {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new InvalidArgumentError('应为正整数');
  return Number(text);
};

type WorkerFlags = { redis: string; concurrency?: number; lockSeconds?: number };

export function register(program: Command): void {
  program
    .command('worker')
    .description('区级任务队列的工作进程：从 Redis 队列领取求解与请假推演任务，在工作线程中求解并校验（可在多台机器上运行）')
    .requiredOption('--redis <url>', 'Redis 地址，如 redis://127.0.0.1:6379（或环境变量 KEHOU_REDIS_URL）', process.env.KEHOU_REDIS_URL)
    .option('--concurrency <n>', '同时运行的任务数（工作线程数，默认 1；建议每个处理器核心 1 个）', positiveInt)
    .option('--lock-seconds <s>', '任务锁的时长（秒，默认 30）：工作进程失联后，其任务在这段时间后由其他工作进程接手', positiveInt)
    .action(async (flags: WorkerFlags) => {
      const { checkRedisUrl, redactedUrl } = await import('../queue/connection.js');
      const bad = checkRedisUrl(flags.redis);
      if (bad) fail('bad-redis-url', bad, EXIT.usage);
      const { startQueueWorker } = await import('../queue/worker.js');
      const { threadExecutor } = await import('../server/district.js');
      const started = await startQueueWorker({
        redis: flags.redis,
        executor: (n) => threadExecutor(n, (err) => process.stdout.write(`工作线程出错：${err.message}\n`)),
        ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
        ...(flags.lockSeconds !== undefined ? { lockSeconds: flags.lockSeconds } : {}),
      });
      if (typeof started === 'string') fail('queue-unavailable', started);
      const worker = started;
      process.stdout.write(`工作进程 ${worker.name} 已启动：${redactedUrl(flags.redis)}，同时运行 ${flags.concurrency ?? 1} 个任务\n`);
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          process.stdout.write(`再次收到 ${signal}，立即退出\n`);
          process.exit(1);
        }
        stopping = true;
        process.stdout.write(`收到 ${signal}：不再领取新任务，等待 ${worker.running()} 个进行中的任务完成\n`);
        worker.drain().then(
          () => {
            process.stdout.write('工作进程已退出\n');
            process.exit(EXIT.ok);
          },
          (e: unknown) => fail('internal-error', `关闭时出错：${(e as Error)?.message ?? String(e)}`),
        );
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
}
