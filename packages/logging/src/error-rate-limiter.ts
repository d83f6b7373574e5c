interface Window {
  start: number;
  logged: number;
  suppressed: number;
  timer: NodeJS.Timeout | undefined;
}

export interface ErrorRateLimiterOptions {
  /** Lines let through per key and window. */
  max: number;
  windowMs: number;
  /** Called once per window that suppressed lines, when it closes (or on flush). */
  onSuppressed: (key: string, count: number) => void;
  /** Distinct keys tracked; later keys share the key `other`. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * At most `max` lines per key in each window; the rest are counted and reported in one line when the window
 * closes, so an error storm costs a bounded number of lines and still says how big it was.
 */
export class ErrorRateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #options: Required<ErrorRateLimiterOptions>;

  constructor(options: ErrorRateLimiterOptions) {
    this.#options = { maxKeys: 100, now: Date.now, ...options };
  }

  /** The key under which `key` is tracked (bounded). */
  keyFor(key: string): string {
    return this.#windows.has(key) || this.#windows.size < this.#options.maxKeys ? key : 'other';
  }

  allow(rawKey: string): boolean {
    const key = this.keyFor(rawKey);
    const now = this.#options.now();
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= this.#options.windowMs) {
      if (window !== undefined) this.#close(key, window);
      window = { start: now, logged: 0, suppressed: 0, timer: undefined };
      this.#windows.set(key, window);
    }
    if (window.logged < this.#options.max) {
      window.logged++;
      return true;
    }
    window.suppressed++;
    if (window.timer === undefined) {
      const current = window;
      current.timer = setTimeout(
        () => {
          if (this.#windows.get(key) === current) this.#windows.delete(key);
          this.#close(key, current);
        },
        Math.max(0, current.start + this.#options.windowMs - now),
      );
      current.timer.unref();
    }
    return false;
  }

  /** Reports every pending suppressed count and forgets all windows. */
  flush(): void {
    for (const [key, window] of this.#windows) this.#close(key, window);
    this.#windows.clear();
  }

  #close(key: string, window: Window): void {
    if (window.timer !== undefined) clearTimeout(window.timer);
    window.timer = undefined;
    if (window.suppressed > 0) this.#options.onSuppressed(key, window.suppressed);
    window.suppressed = 0;
  }
}
