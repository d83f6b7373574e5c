import { type LocalRetryBudget, retryBudget } from '@mcpgw/retry';
import { describe, expect, it } from 'vitest';
import { FleetRetryBudget, type WrappedRetryBudget } from '../src/index.js';
import type { SyncReply } from '../src/sync-reply.js';

function setUp(options: { ratio: number; minPerSecond: number; windowMs: number }) {
  const clock = { now: 0 };
  const local: LocalRetryBudget = retryBudget({ ...options, now: () => clock.now });
  const mode = { shared: false };
  // retry's budget is what a fleet budget wraps: this line fails to compile if the two shapes drift apart.
  const wrapped: WrappedRetryBudget = local;
  const budget = new FleetRetryBudget(wrapped, () => mode.shared);
  return { clock, local, mode, budget };
}

const reply = (fields: Partial<SyncReply>): SyncReply => ({
  members: 1,
  requests: 0,
  retries: 0,
  grant: 0,
  grantSlot: 7,
  open: [],
  ...fields,
});

const withdrawAll = (budget: FleetRetryBudget, most = 1_000) => {
  let granted = 0;
  while (granted < most && budget.tryWithdraw()) granted++;
  return granted;
};

describe('FleetRetryBudget', () => {
  it('decides with the wrapped budget’s arithmetic while local (before any sync, or Redis down)', () => {
    const { budget, clock } = setUp({ ratio: 0.2, minPerSecond: 1, windowMs: 10_000 });
    for (let i = 0; i < 50; i++) budget.recordRequest();
    // 1/s over 10 s = 10, plus 0.2 × 50 = 10.
    expect(withdrawAll(budget)).toBe(20);
    expect(budget.stats()).toEqual({ requests: 50, retries: 20, available: 0, exhausted: 1, state: 'local' });
    clock.now = 10_500; // the window slid past all of it
    expect(budget.stats()).toMatchObject({ requests: 0, retries: 0, available: 10 });
  });

  it('while shared, allows the last grant plus ratio of the requests made since, and no more', () => {
    const { budget, mode } = setUp({ ratio: 0.5, minPerSecond: 10, windowMs: 10_000 });
    mode.shared = true;
    // Before the first grant only this process's own new requests pay for retries.
    for (let i = 0; i < 4; i++) budget.recordRequest();
    expect(withdrawAll(budget)).toBe(2);
    budget.take();
    budget.synced(reply({ requests: 1_000, retries: 400, grant: 3 }));
    expect(withdrawAll(budget)).toBe(3);
    budget.recordRequest();
    budget.recordRequest();
    expect(withdrawAll(budget)).toBe(1);
    expect(budget.stats()).toEqual({ requests: 1_002, retries: 401, available: 0, exhausted: 3, state: 'shared' });
  });

  it('carries its counts and asks for twice its demand; nothing taken is spent twice', () => {
    const { budget, mode } = setUp({ ratio: 0, minPerSecond: 1, windowMs: 10_000 });
    mode.shared = true;
    budget.take();
    budget.synced(reply({ grant: 2, grantSlot: 41 }));
    budget.recordRequest();
    expect(withdrawAll(budget)).toBe(2); // 3 tries: 2 spent, 1 refused
    expect(budget.take()).toEqual({ requests: 1, spent: 2, returned: 2, returnedSlot: 41, want: 6 });
    // Taken: nothing left to spend until the sync answers.
    expect(budget.tryWithdraw()).toBe(false);
    expect(budget.take()).toEqual({ requests: 0, spent: 0, returned: 0, returnedSlot: 41, want: 2 });
    // A quiet process asks for one.
    expect(budget.take().want).toBe(1);
  });

  it('counts the retries the fleet allowed in the wrapped window, so falling back starts from what was spent', () => {
    const { budget, mode, local } = setUp({ ratio: 0, minPerSecond: 1, windowMs: 10_000 });
    mode.shared = true;
    budget.take();
    budget.synced(reply({ grant: 8 }));
    expect(withdrawAll(budget)).toBe(8);
    expect(local.stats()).toMatchObject({ retries: 8, available: 2 });
    mode.shared = false; // Redis went away: the local reserve of 10 has 2 left
    expect(withdrawAll(budget)).toBe(2);
    expect(budget.stats()).toMatchObject({ state: 'local', retries: 10, available: 0 });
  });
});
