// A job's progress as server-sent events (text/event-stream): `progress` {stage, fraction, label} while it runs and
// one `end` event with the job when it finishes; a job already finished gets its `end` at once. Used by the page
// (/scenarios/:id/jobs/:job/events) and the API (/v1/scenarios/:id/jobs/:job/events).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobState, WorkspaceService } from './service.js';

/** A job as the API and the events show it. */
export const jobView = (j: JobState) => ({
  id: j.id,
  scenario: j.scenario,
  kind: j.kind,
  status: j.status,
  baseVersion: j.baseVersion,
  author: j.author,
  params: j.params,
  createdAt: j.createdAt,
  startedAt: j.startedAt,
  finishedAt: j.finishedAt,
  progress: j.progress,
  error: j.error,
  resultVersion: j.resultVersion,
});

export function streamJob(service: WorkspaceService, request: FastifyRequest, reply: FastifyReply, jobId: string): void {
  const job = service.job(jobId);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  if (!job) {
    send('end', null);
    res.end();
    return;
  }
  if (job.progress) send('progress', job.progress);
  if (job.status !== 'queued' && job.status !== 'running') {
    send('end', jobView(job));
    res.end();
    return;
  }
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const close = () => {
    clearInterval(heartbeat);
    stop();
    if (!res.writableEnded) res.end();
  };
  const stop = service.subscribe(jobId, (e) => {
    if (e.type === 'progress') send('progress', e.progress);
    else {
      send('end', jobView(e.job));
      close();
    }
  });
  request.raw.once('close', close);
}
