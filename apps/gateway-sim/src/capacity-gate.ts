import type { Capacity } from './options.js';

export interface LoadStats {
  /** Requests being served now. */
  active: number;
  /** Requests waiting for a slot now. */
  queued: number;
  /** Most requests served at once since the last reset. */
  peakActive: number;
  /** Requests answered 503 because the queue was full, since the last reset. */
  shed: number;
  /** Queued requests whose client went away before their turn, since the last reset. */
  dropped: number;
}

type Job = () => Promise<void> | void;

/**
 * The gateway's capacity: at most `concurrency` jobs run at once, up to `queue` more wait in arrival order, the rest
 * are refused. A waiting job whose client went away is dropped when its turn comes, as a gateway would.
 */
export class CapacityGate {
  #capacity: Capacity | undefined;
  #active = 0;
  #peakActive = 0;
  #shed = 0;
  #dropped = 0;
  readonly #waiting: Array<{ job: Job; abandoned: () => boolean }> = [];

  constructor(capacity: Capacity | undefined) {
    this.#capacity = capacity;
  }

  set capacity(capacity: Capacity | undefined) {
    this.#capacity = capacity;
    this.#next();
  }

  get stats(): LoadStats {
    return {
      active: this.#active,
      queued: this.#waiting.length,
      peakActive: this.#peakActive,
      shed: this.#shed,
      dropped: this.#dropped,
    };
  }

  resetStats(): void {
    this.#peakActive = this.#active;
    this.#shed = 0;
    this.#dropped = 0;
  }

  /** Runs `job` now or later; false when refused (the queue is full). */
  admit(job: Job, abandoned: () => boolean): boolean {
    const capacity = this.#capacity;
    if (capacity === undefined || (this.#active < capacity.concurrency && this.#waiting.length === 0)) {
      this.#run(job);
      return true;
    }
    if (this.#waiting.length >= capacity.queue) {
      this.#shed++;
      return false;
    }
    this.#waiting.push({ job, abandoned });
    return true;
  }

  #run(job: Job): void {
    this.#active++;
    if (this.#active > this.#peakActive) this.#peakActive = this.#active;
    let done: Promise<void> | void;
    try {
      done = job();
    } catch {
      done = undefined;
    }
    if (done === undefined) this.#release();
    else done.then(this.#release, this.#release);
  }

  readonly #release = (): void => {
    this.#active--;
    this.#next();
  };

  #next(): void {
    const capacity = this.#capacity;
    while (this.#waiting.length > 0 && (capacity === undefined || this.#active < capacity.concurrency)) {
      const { job, abandoned } = this.#waiting.shift() as { job: Job; abandoned: () => boolean };
      if (abandoned()) this.#dropped++;
      else this.#run(job);
    }
  }
}
