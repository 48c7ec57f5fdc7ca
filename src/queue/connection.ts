// Redis connections for the queue (ioredis, which BullMQ drives): one per Queue, Worker or subscriber. A
// worker's connection retries forever (maxRetriesPerRequest null, as BullMQ requires); a producer's fails a
// command after a few reconnection attempts, so a server answers 503 rather than hanging when Redis is gone.
import { Redis } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

/** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS); a message in Chinese when it is not one. */
export function checkRedisUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Redis 地址“${url}”无效，应形如 redis://127.0.0.1:6379`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return `Redis 地址“${url}”应以 redis:// 或 rediss:// 开头`;
  if (!parsed.hostname) return `Redis 地址“${url}”缺少主机名`;
  return null;
}

/** A connection; its errors (Redis down, reconnecting) go to `onError` at most every 10 s, never to stderr as a stack. */
export function redisConnection(url: string, role: RedisRole, onError: (message: string) => void = () => {}): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    // reconnect with a growing pause, at most 2 s apart
    retryStrategy: (times) => Math.min(2000, 100 * times),
    connectionName: `kehou-${role}`,
    lazyConnect: false,
  });
  quiet(client, onError);
  return client;
}

/** Reports a connection's errors at most every 10 s (ioredis prints an unhandled error event with its stack). */
export function quiet(client: Redis, onError: (message: string) => void = () => {}): Redis {
  let last = 0;
  client.on('error', (e: Error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    onError(e.message);
  });
  return client;
}

/** Waits until Redis answers PING, or gives up after `ms` (false). */
export async function reachable(client: Redis, ms = 5000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ping = client.ping().then(
    (r) => r === 'PONG',
    () => false,
  );
  const ok = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  return ok;
}

/** The URL without its password, for logs and messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
