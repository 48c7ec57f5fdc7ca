// Worker thread of the district batch (benchmarks/runners/district.mjs): receives a school's instance JSON, plans it
// with the default options (the whole plan, semester included unless told otherwise), returns the schedule JSON.
import { parentPort, workerData } from 'node:worker_threads';
import { distUrl } from '../lib/common.mjs';

const { solve } = await import(distUrl('solver/index.js'));

parentPort.on('message', (job) => {
  const t0 = performance.now();
  const instance = JSON.parse(job.json);
  const r = solve(instance, { seed: 1, semester: workerData.semester, ...(workerData.timeLimit ? { timeLimit: workerData.timeLimit } : {}) });
  const schedule = JSON.stringify(r.schedule);
  parentPort.postMessage({ id: job.id, ms: performance.now() - t0, status: r.status, schedule });
});
parentPort.postMessage({ ready: true });
