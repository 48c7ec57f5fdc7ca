// A real redis-server for the queue tests: started on a free loopback port of 16380–16399 with no persistence
// (`--save '' --appendonly no`), ready when it answers PING (and is ours: INFO's process_id is the child's
// pid), stopped in afterAll. A missing redis-server fails the test (CI installs Debian's package); never a skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';

export type TestRedis = { readonly url: string; readonly port: number; readonly stop: () => Promise<void> };

const FIRST_PORT = 16380;
const LAST_PORT = 16399;

async function tryPort(port: number): Promise<TestRedis | null> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  let spawnError: Error | null = null;
  child.on('exit', () => (exited = true));
  child.on('error', (e) => (spawnError = e));
  child.stdout?.resume();
  child.stderr?.resume();
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    if (spawnError) throw new Error(`redis-server 无法启动（测试需要 Debian 的 redis-server 软件包）：${(spawnError as Error).message}`);
    if (exited) return null; // the port is taken: try the next one
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const info = await client.info('server');
      if (new RegExp(`process_id:${child.pid}\\b`).test(info)) return { url: `redis://127.0.0.1:${port}`, port, stop };
      await stop(); // another server answers on this port
      return null;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  return null;
}

/** Starts a private redis-server; throws (the test fails) when there is none or no port is free. */
export async function startRedis(): Promise<TestRedis> {
  const offset = Math.floor(Math.random() * (LAST_PORT - FIRST_PORT + 1));
  for (let i = 0; i <= LAST_PORT - FIRST_PORT; i++) {
    const port = FIRST_PORT + ((offset + i) % (LAST_PORT - FIRST_PORT + 1));
    const started = await tryPort(port);
    if (started) return started;
  }
  throw new Error(`在 ${FIRST_PORT}–${LAST_PORT} 没有可用端口启动 redis-server`);
}
