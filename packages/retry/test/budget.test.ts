import { ConfigError } from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { isRetryBudget, retryBudget } from '../src/index.js';

describe('retryBudget()', () => {
  it('allows minPerSecond per second of window plus ratio of the requests', () => {
    let now = 0;
    const budget = retryBudget({ ratio: 0.2, minPerSecond: 1, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 100; i++) budget.recordRequest();
    // 1/s over 10 s = 10, plus 0.2 * 100 = 20: 30 retries.
    let granted = 0;
    while (budget.tryWithdraw()) granted++;
    expect(granted).toBe(30);
    expect(budget.stats()).toEqual({ requests: 100, retries: 30, available: 0, exhausted: 1 });
    now = 5_000;
    expect(budget.tryWithdraw()).toBe(false);
    expect(budget.stats().exhausted).toBe(2);
  });

  it('forgets requests and retries that slid out of the window', () => {
    let now = 0;
    const budget = retryBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 1_000, now: () => now });
    for (let i = 0; i < 10; i++) budget.recordRequest();
    for (let i = 0; i < 5; i++) expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    now = 500;
    for (let i = 0; i < 4; i++) budget.recordRequest();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    now = 1_050;
    // The first 10 requests and 5 retries are gone; 4 requests and 2 retries remain.
    expect(budget.stats()).toMatchObject({ requests: 4, retries: 2, available: 0 });
    now = 60_000;
    expect(budget.stats()).toMatchObject({ requests: 0, retries: 0, available: 0 });
  });

  it('recordRetry() counts a retry another budget allowed, in the window, without a check', () => {
    let now = 0;
    const budget = retryBudget({ ratio: 0, minPerSecond: 1, windowMs: 2_000, now: () => now });
    expect(budget.settings).toEqual({ ratio: 0, minPerSecond: 1, windowMs: 2_000 });
    budget.recordRetry();
    expect(budget.stats()).toMatchObject({ retries: 1, available: 1, exhausted: 0 });
    budget.recordRetry();
    budget.recordRetry(); // past the allowance: counted all the same, nothing refused
    expect(budget.stats()).toMatchObject({ retries: 3, available: 0, exhausted: 0 });
    expect(budget.tryWithdraw()).toBe(false);
    now = 2_100;
    expect(budget.stats()).toMatchObject({ retries: 0, available: 2 });
  });

  it('has the Finagle defaults and validates its options', () => {
    const budget = retryBudget();
    expect(budget.stats()).toEqual({ requests: 0, retries: 0, available: 100, exhausted: 0 });
    expect(isRetryBudget(budget)).toBe(true);
    expect(isRetryBudget({ ratio: 0.2 })).toBe(false);
    expect(() => retryBudget({ ratio: -1, minPerSecond: Number.NaN, windowMs: 1 })).toThrow(ConfigError);
  });

  it('refuses a ratio above 1, as the preset does: more than one retry per request is no budget', () => {
    expect(() => retryBudget({ ratio: 1 })).not.toThrow();
    expect(() => retryBudget({ ratio: 1.5 })).toThrow(/retry\.budget\.ratio/);
  });
});
