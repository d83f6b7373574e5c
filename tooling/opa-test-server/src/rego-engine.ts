import { Worker } from 'node:worker_threads';

interface WorkerAnswer {
  id: number;
  output?: string;
  error?: string;
}

/**
 * One OPA 0.47 WebAssembly evaluator in a worker thread. Start-up costs seconds and ~265 MB, so keep one per
 * process; requests are answered one at a time, in order.
 */
export class RegoEngine {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (output: string) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #closed = false;

  private constructor() {
    this.#worker = new Worker(new URL('./rego-engine-worker.cjs', import.meta.url));
    this.#worker.on('message', (answer: WorkerAnswer) => {
      const waiter = this.#pending.get(answer.id);
      if (waiter === undefined) return;
      this.#pending.delete(answer.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (answer.error !== undefined) waiter.reject(new Error(answer.error));
      else waiter.resolve(answer.output ?? '');
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', () => this.#failAll(new Error('the Rego engine worker exited')));
    this.#worker.unref();
  }

  static async start(): Promise<RegoEngine> {
    const engine = new RegoEngine();
    await engine.#send({ type: 'init' });
    return engine;
  }

  /** Runs one validation profile against JSON-LD data; resolves with the engine's raw output text. */
  run(profile: string, data: string): Promise<string> {
    return this.#send({ type: 'validate', profile, data });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#worker.terminate();
  }

  #send(message: Record<string, unknown>): Promise<string> {
    if (this.#closed) return Promise.reject(new Error('the Rego engine is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Referenced only while an evaluation is pending, so an idle engine never keeps the process alive.
      this.#worker.ref();
      this.#worker.postMessage({ ...message, id });
    });
  }

  #failAll(error: Error): void {
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}
