import { ConfigError } from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { hedgeBudget } from '../src/index.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('hedgeBudget', () => {
  it('allows ratio × calls plus minPerSecond × window seconds, then refuses', () => {
    const c = clock();
    const budget = hedgeBudget({ ratio: 0.05, minPerSecond: 0.5, windowMs: 10_000, now: c.now });
    for (let i = 0; i < 200; i++) budget.recordCall();
    // 0.05 × 200 + 0.5 × 10 = 15
    let sent = 0;
    while (budget.tryWithdraw()) sent++;
    expect(sent).toBe(15);
    expect(budget.canWithdraw()).toBe(false);
    expect(budget.stats()).toEqual({ calls: 200, hedges: 15, available: 0, exhausted: 1 });
  });

  it('with no minimum, nothing is hedged before calls deposit a whole hedge', () => {
    const c = clock();
    const budget = hedgeBudget({ ratio: 0.1, minPerSecond: 0, now: c.now });
    for (let i = 0; i < 9; i++) budget.recordCall();
    expect(budget.tryWithdraw()).toBe(false);
    budget.recordCall();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });

  it('what slid out of the window no longer counts, calls and hedges alike', () => {
    const c = clock();
    const budget = hedgeBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 1_000, now: c.now });
    for (let i = 0; i < 10; i++) budget.recordCall();
    for (let i = 0; i < 5; i++) expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    c.advance(1_100);
    expect(budget.stats()).toMatchObject({ calls: 0, hedges: 0, available: 0 });
    budget.recordCall();
    budget.recordCall();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });

  it('half the window later, half of the old calls still count', () => {
    const c = clock(0);
    const budget = hedgeBudget({ ratio: 0.1, minPerSecond: 0, windowMs: 1_000, now: c.now });
    for (let i = 0; i < 100; i++) budget.recordCall();
    c.advance(500);
    for (let i = 0; i < 100; i++) budget.recordCall();
    c.advance(550);
    expect(budget.stats().calls).toBe(100);
  });

  it('refuses bad options with every problem and its path', () => {
    expect(() => hedgeBudget({ ratio: 2, minPerSecond: -1, windowMs: 1 })).toThrow(ConfigError);
    try {
      hedgeBudget({ ratio: 2, minPerSecond: -1, windowMs: 1 });
    } catch (error) {
      const paths = (error as ConfigError).issues.map((issue) => issue.path);
      expect(paths).toEqual(['hedge.budget.ratio', 'hedge.budget.minPerSecond', 'hedge.budget.windowMs']);
    }
  });
});
