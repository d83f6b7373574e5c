/**
 * Collects every unhandled promise rejection of the process while installed. The chaos suite asserts the list stays
 * empty: a fault in a peer must never surface as a rejection nobody awaited.
 */
export class UnhandledRejections {
  readonly reasons: unknown[] = [];
  readonly #listener = (reason: unknown) => {
    this.reasons.push(reason);
  };

  install(): void {
    process.on('unhandledRejection', this.#listener);
  }

  uninstall(): void {
    process.off('unhandledRejection', this.#listener);
  }

  /** Lets pending microtasks and one macrotask turn run, so a late rejection is seen before the check. */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
