// The district queue (区级任务队列): a school's solve or what-if as a BullMQ job on Redis, so several `kehou serve`
// processes and any number of `kehou worker` processes on any machines share one queue. It holds the job names
// and payloads (jobs.ts), the Redis connection (connection.ts), the producer with its result store and
// idempotent job ids (producer.ts), the worker runtime that runs each job in a worker thread of the server's
// piscina pool and checks every result with the independent checker before it is marked done (worker.ts),
// and the JobRunner that `kehou serve --redis URL` hands to the HTTP app (runner.ts).
// May import: model, checker, server (its pool, thread protocol, problems and JobRunner types); never cli.
export { JOB_KINDS, jobIdOf, type JobKind, type QueueJobData, type QueueJobResult } from './jobs.js';
export { createProducer, type Producer, type ProducerOptions, type JobPeek } from './producer.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './worker.js';
export { createQueueRunner } from './runner.js';
