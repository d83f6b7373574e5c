import { describe, expect, test } from 'vitest';
import { RatioWindow } from '../src/kit.js';

describe('RatioWindow', () => {
  test('allows ratio × deposits plus the reserve, and forgets slots that slid out of the window', () => {
    let now = 0;
    // 10 % of the deposits plus 1 per second over a 10 s window: a reserve of 10.
    const window = new RatioWindow(0.1, 1, 10_000, () => now);
    for (let i = 0; i < 50; i++) window.deposit();
    expect(window.available).toBe(15);
    let taken = 0;
    while (window.tryWithdraw()) taken++;
    expect(taken).toBe(15);
    expect(window.withdrawals).toBe(15);
    expect(window.available).toBe(0);
    // Half a window later the deposits and withdrawals are still in it.
    now = 5_000;
    expect(window.tryWithdraw()).toBe(false);
    // A whole window later everything slid out: the reserve alone is left.
    now = 10_001;
    expect(window.deposits).toBe(0);
    expect(window.withdrawals).toBe(0);
    expect(window.available).toBe(10);
  });

  test('a recorded withdrawal counts without a check, even past the allowance', () => {
    const window = new RatioWindow(0, 0, 1_000, () => 0);
    expect(window.tryWithdraw()).toBe(false);
    window.record();
    window.record();
    expect(window.withdrawals).toBe(2);
    expect(window.available).toBe(0);
  });
});
