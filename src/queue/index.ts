// The district queue (区级任务队列): a school's solve or what-if as a BullMQ job on Redis, so several `kehou serve`
// processes and any number of `kehou worker` processes on any machines share one queue. It holds the job names
// and payloads (jobs.ts), the Redis connection (connection.ts), the producer with its result store and
// idempotent job ids (producer.ts), the checker's verdict that every result carries (verdict.ts), and the worker
// runtime (worker.ts) that runs each job through an executor off the event loop and marks it done only when the
// independent checker found nothing. The executor (the server's piscina threads) and the HTTP JobRunner live in
// src/server/district.ts: the queue sits below the server (tests/architecture.test.ts).
// May import: model, solver, checker, office; never server or cli.
export { JOB_KINDS, jobIdOf, type JobKind, type QueueJobData, type QueueJobResult } from './jobs.js';
export { createProducer, type Producer, type ProducerOptions, type JobPeek } from './producer.js';
export { startQueueWorker, type JobExecutor, type JobOutcome, type QueueWorker, type QueueWorkerOptions } from './worker.js';
export { verdictOf, type Verdict } from './verdict.js';
