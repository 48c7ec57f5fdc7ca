// The JobRunner of `kehou serve --redis URL`: /v1/jobs go through the district queue, so several servers and
// many workers share one queue; a job's record lives in Redis (producer.ts), not in this process.
import { problemError } from '../server/problem.js';
import type { JobRunner } from '../server/runner.js';
import { createProducer, type ProducerOptions } from './producer.js';

export function createQueueRunner(options: ProducerOptions): JobRunner {
  const producer = createProducer(options);
  const unavailable = { kind: 'busy', retryAfter: 30, detail: '任务队列（Redis）暂时无法访问，请稍后重试' } as const;
  // Redis gone: a 503 problem (the app's error handler sends it), never a 500 with a driver's message
  const down = (): never => {
    throw problemError('queue-unavailable', { detail: unavailable.detail });
  };
  return {
    submit: async (task, { school, digest, request }) => {
      try {
        const job = await producer.submit({ kind: task.kind, text: task.text, options: task.options }, { school, timeLimit: task.options.timeLimit }, digest);
        request.log.info({ job: job.id, status: job.status }, job.status === 'queued' ? 'job queued' : 'job already known');
        return { kind: 'accepted', job };
      } catch (err) {
        request.log.error({ err }, 'queue unavailable');
        return unavailable;
      }
    },
    get: (id) => producer.peek(id).catch(down),
    cancel: (id) => producer.cancel(id).catch(down),
    close: () => producer.close(),
  };
}
