import { type CallSoakTask, runCallSoakHere } from './call-soak.js';

// The soak process: runs the task given as JSON in argv[2] and reports over IPC.
const task = JSON.parse(process.argv[2]!) as CallSoakTask;
runCallSoakHere(task).then(
  (result) => process.send!(result, () => process.disconnect()),
  (error: unknown) => {
    process.stderr.write(`call soak: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
    process.disconnect?.();
  },
);
