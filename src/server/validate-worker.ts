// Checker thread (piscina worker of the app's `checkers` pool): parses and validates a request body, so
// the event loop never walks a large school. See protocol.ts.
import { bodyString, type CheckOutcome, type CheckTask } from './protocol.js';
import { digestOf, readSolve, readWhatIf } from './requests.js';

export default function check(task: CheckTask): CheckOutcome {
  task.port.postMessage({ type: 'started' });
  try {
    const limits = { maxStudents: task.maxStudents };
    const text = bodyString(task.text);
    const read = task.kind === 'validate-instance' ? readSolve(text, limits) : readWhatIf(text, limits);
    if (!read.ok) {
      const { ok: _, ...rejected } = read;
      return rejected;
    }
    const school = read.value.instance.school.name;
    // a plain instance hashes as itself (as `kehou batch` hashes a school); {instance, keep} as the pair
    const digested = 'keep' in read.value || 'leave' in read.value ? read.value : read.value.instance;
    return { kind: 'valid', warnings: read.warnings, school, ...(task.digest ? { digest: digestOf(digested) } : {}) };
  } finally {
    task.port.close();
  }
}
