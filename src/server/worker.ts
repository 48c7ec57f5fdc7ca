// Solver thread (piscina worker of the app's `solvers` pool): parses and validates the body again (a
// task never trusts what was queued), then runs the synchronous planner. It says `started` on the task's
// port first (the hard time limit counts from there), reports progress at most every 100 ms, and returns
// the response body serialized here, off the event loop. A planner exception is caught and returned
// (`failed`, logged by the server, never sent to a client). See protocol.ts.
import type { Schedule } from '../model/schema.js';
import { verdictOf } from '../queue/verdict.js';
import { solve } from '../solver/index.js';
import { whatIf } from '../solver/semester/whatif.js';
import { bodyString, type Rejected, type SolveOutcome, type SolveTask, type WorkerMessage } from './protocol.js';
import { readSolve, readWhatIf } from './requests.js';

const PROGRESS_EVERY_MS = 100;

const rejectedOf = ({ ok: _, ...rejected }: { ok: false } & Rejected): Rejected => rejected;

export default function run(task: SolveTask): SolveOutcome {
  const post = (m: WorkerMessage) => task.port.postMessage(m);
  post({ type: 'started' });
  let last = 0;
  const onProgress = (e: { stage: string; fraction: number; message?: string }) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS && e.fraction < 1) return;
    last = now;
    post({ type: 'progress', stage: e.stage, fraction: e.fraction, ...(e.message !== undefined ? { message: e.message } : {}) });
  };
  try {
    if (task.kind === 'solve') {
      const read = readSolve(bodyString(task.text), { maxStudents: task.maxStudents });
      if (!read.ok) return rejectedOf(read);
      // `{instance, keep}`: re-planning that keeps the previous schedule
      const result = solve(read.value.instance, { ...task.options, onProgress, ...(read.value.keep ? { keep: read.value.keep } : {}) });
      const verdict = task.options.check ? verdictOf(read.value.instance, result.schedule) : undefined;
      return { kind: 'solved', status: result.status, json: JSON.stringify(result.schedule), warnings: read.warnings, ...(verdict ? { verdict } : {}) };
    }
    if (task.kind === 'advise') {
      // `kehou advise` as a job: the week planned with advice (each extra section's gain re-optimised), checked
      const read = readSolve(bodyString(task.text), { maxStudents: task.maxStudents });
      if (!read.ok) return rejectedOf(read);
      const result = solve(read.value.instance, { ...task.options, onProgress, semester: false, advice: true });
      const verdict = task.options.check ? verdictOf(read.value.instance, result.schedule) : undefined;
      return { kind: 'solved', status: result.status, json: JSON.stringify(result.schedule), warnings: read.warnings, ...(verdict ? { verdict } : {}) };
    }
    const read = readWhatIf(bodyString(task.text), { maxStudents: task.maxStudents });
    if (!read.ok) return rejectedOf(read);
    const { instance, schedule, leave } = read.value;
    const result = whatIf(instance, schedule as Schedule, leave, {
      ...(task.options.seed !== undefined ? { seed: task.options.seed } : {}),
      ...(task.options.mode !== undefined ? { mode: task.options.mode } : {}),
    });
    // the instance with the new leave comes back too, so that checking the pair passes
    const updated = { ...instance, leave: [...(instance.leave ?? []), ...leave] };
    const json = JSON.stringify({ schedule: result.schedule, changes: result.changes, mode: result.mode, instance: updated });
    const verdict = task.options.check ? verdictOf(updated, result.schedule) : undefined;
    return { kind: 'solved', status: result.mode, json, warnings: read.warnings, ...(verdict ? { verdict } : {}) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return { kind: 'failed', message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
  } finally {
    task.port.close();
  }
}

