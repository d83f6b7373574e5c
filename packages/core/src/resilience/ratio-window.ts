const SLOTS = 10;

/** The smallest window a RatioWindow takes: one ms per slot. */
export const MIN_RATIO_WINDOW_MS = SLOTS;

/**
 * Deposits and withdrawals over a sliding window of ten slots, where withdrawals may reach `ratio` of the deposits
 * plus `minPerSecond` per second of window: the arithmetic of a retry budget (Finagle, Tower) and of a hedge budget.
 * O(1) memory; a slot that slides out of the window is dropped when the window is next read.
 */
export class RatioWindow {
  readonly #ratio: number;
  readonly #reserve: number;
  readonly #slotMs: number;
  readonly #now: () => number;
  readonly #deposits = new Array<number>(SLOTS).fill(0);
  readonly #withdrawals = new Array<number>(SLOTS).fill(0);
  #depositTotal = 0;
  #withdrawalTotal = 0;
  #slot: number;

  constructor(ratio: number, minPerSecond: number, windowMs: number, now: () => number) {
    this.#ratio = ratio;
    this.#reserve = minPerSecond * (windowMs / 1000);
    this.#slotMs = windowMs / SLOTS;
    this.#now = now;
    this.#slot = Math.floor(now() / this.#slotMs);
  }

  /** Deposits in the window. */
  get deposits(): number {
    this.#advance();
    return this.#depositTotal;
  }

  /** Withdrawals in the window. */
  get withdrawals(): number {
    this.#advance();
    return this.#withdrawalTotal;
  }

  /** Withdrawals that may still be made now. */
  get available(): number {
    this.#advance();
    return Math.max(0, this.#allowance() - this.#withdrawalTotal);
  }

  deposit(): void {
    const index = this.#advance();
    this.#deposits[index]! += 1;
    this.#depositTotal += 1;
  }

  /** Counts a withdrawal made without asking (one another budget allowed). */
  record(): void {
    const index = this.#advance();
    this.#withdrawals[index]! += 1;
    this.#withdrawalTotal += 1;
  }

  /** Takes one withdrawal; false, and nothing taken, when the window's allowance is spent. */
  tryWithdraw(): boolean {
    const index = this.#advance();
    if (this.#withdrawalTotal >= this.#allowance()) return false;
    this.#withdrawals[index]! += 1;
    this.#withdrawalTotal += 1;
    return true;
  }

  #allowance(): number {
    return Math.floor(this.#reserve + this.#ratio * this.#depositTotal);
  }

  // Drops the slots that slid out of the window since the last call; returns the current slot's index.
  #advance(): number {
    const slot = Math.floor(this.#now() / this.#slotMs);
    const steps = Math.min(slot - this.#slot, SLOTS);
    for (let i = 1; i <= steps; i++) {
      const index = (this.#slot + i) % SLOTS;
      this.#depositTotal -= this.#deposits[index]!;
      this.#withdrawalTotal -= this.#withdrawals[index]!;
      this.#deposits[index] = 0;
      this.#withdrawals[index] = 0;
    }
    if (slot > this.#slot) this.#slot = slot;
    return this.#slot % SLOTS;
  }
}
