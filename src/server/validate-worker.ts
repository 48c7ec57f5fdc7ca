// Checker thread (piscina worker of the app's `checkers` pool): parses and validates a request body, so
// the event loop never walks a large school. See protocol.ts.
import type { CheckOutcome, CheckTask } from './protocol.js';
import { readSolve, readWhatIf } from './requests.js';

export default function check(task: CheckTask): CheckOutcome {
  task.port.postMessage({ type: 'started' });
  try {
    const read = task.kind === 'validate-instance' ? readSolve(task.text) : readWhatIf(task.text);
    return read.ok ? { kind: 'valid', warnings: read.warnings } : { kind: 'rejected', code: read.code, errors: read.errors, warnings: read.warnings };
  } finally {
    task.port.close();
  }
}
