// Checker thread (piscina worker of the app's `checkers` pool): parses and validates a request body, so
// the event loop never walks a large school. See protocol.ts.
import type { CheckOutcome, CheckTask } from './protocol.js';
import { readSolve, readWhatIf } from './requests.js';

export default function check(task: CheckTask): CheckOutcome {
  task.port.postMessage({ type: 'started' });
  try {
    const limits = { maxStudents: task.maxStudents };
    const read = task.kind === 'validate-instance' ? readSolve(task.text, limits) : readWhatIf(task.text, limits);
    if (read.ok) return { kind: 'valid', warnings: read.warnings };
    const { ok: _, ...rejected } = read;
    return rejected;
  } finally {
    task.port.close();
  }
}
