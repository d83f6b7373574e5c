/** A one-line progress bar on a TTY; silent elsewhere (CI logs stay readable). Used for runs over 3 s. */
export class ProgressBar {
  readonly #label: string;
  readonly #enabled: boolean;
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(label: string, totalMs: number, enabled: boolean) {
    this.#label = label;
    this.#enabled = enabled && totalMs > 3_000;
    if (this.#enabled) {
      this.#timer = setInterval(() => this.#draw(Math.min(1, (performance.now() - this.#started) / totalMs)), 250);
      this.#timer.unref();
    }
  }

  #draw(fraction: number): void {
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    process.stderr.write(`\r  [${bar}] ${String(Math.round(fraction * 100)).padStart(3)}% ${this.#label}`);
  }

  done(): void {
    if (!this.#enabled) return;
    clearInterval(this.#timer);
    this.#draw(1);
    process.stderr.write('\n');
  }
}
