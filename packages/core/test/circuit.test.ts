import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BreakerState } from '../src/index.js';
import { Circuit, consecutiveFailures, REFUSED } from '../src/kit.js';

function circuit(threshold = 2, halfOpenMaxProbes = 1) {
  const moves: Array<[BreakerState, BreakerState, number | undefined]> = [];
  const c = new Circuit({
    trip: consecutiveFailures(threshold),
    openMs: 1_000,
    halfOpenMaxProbes,
    onChange: (from, to, nextAttemptAt) => moves.push([from, to, nextAttemptAt]),
  });
  return { c, moves };
}

describe('Circuit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('opens on its trip rule, refuses until openMs passed, then one probe closes it', () => {
    const { c, moves } = circuit();
    c.failed(c.admit());
    c.succeeded(c.admit());
    c.failed(c.admit());
    expect(c.state).toBe('closed');
    c.failed(c.admit());
    expect(c.state).toBe('open');
    expect(c.nextAttemptAt).toBe(1_001_000);
    expect(c.admit()).toBe(REFUSED);

    vi.setSystemTime(1_001_000);
    const probe = c.admit();
    expect(probe).not.toBe(REFUSED);
    expect(c.admit()).toBe(REFUSED);
    c.succeeded(probe);
    expect(moves).toEqual([
      ['closed', 'open', 1_001_000],
      ['open', 'half-open', undefined],
      ['half-open', 'closed', undefined],
    ]);
    // Closing counted afresh: one failure is not two in a row.
    c.failed(c.admit());
    expect(c.state).toBe('closed');
  });

  it('reaches half-open when its state is read after the pause, without a call', () => {
    const { c, moves } = circuit(1);
    c.failed(c.admit());
    vi.setSystemTime(1_000_999);
    expect(c.state).toBe('open');
    vi.setSystemTime(1_001_000);
    expect(c.state).toBe('half-open');
    expect(moves.map(([, to]) => to)).toEqual(['open', 'half-open']);
  });

  it('a failed probe reopens it for another pause', () => {
    const { c } = circuit(1);
    c.failed(c.admit());
    vi.setSystemTime(1_001_000);
    c.failed(c.admit());
    expect(c.state).toBe('open');
    expect(c.nextAttemptAt).toBe(1_002_000);
  });

  it('lets halfOpenMaxProbes probes through; a released probe frees its slot without closing', () => {
    const { c } = circuit(1, 2);
    c.failed(c.admit());
    vi.setSystemTime(1_001_000);
    const first = c.admit();
    const second = c.admit();
    expect([first, second]).not.toContain(REFUSED);
    expect(c.admit()).toBe(REFUSED);
    c.released(first);
    expect(c.state).toBe('half-open');
    const third = c.admit();
    expect(third).not.toBe(REFUSED);
    c.succeeded(second);
    expect(c.state).toBe('closed');
  });

  it('ignores outcomes of calls let through before it moved on', () => {
    const { c } = circuit(1);
    const slow = c.admit(); // let through while closed
    c.failed(c.admit());
    vi.setSystemTime(1_001_000);
    const oldProbe = c.admit();
    c.failed(oldProbe); // reopened
    c.succeeded(slow); // a closed-era success must not close an open circuit
    expect(c.state).toBe('open');
    vi.setSystemTime(1_002_000);
    const probe = c.admit();
    c.succeeded(oldProbe); // a probe of the previous half-open spell
    c.released(oldProbe);
    expect(c.state).toBe('half-open');
    expect(c.admit()).toBe(REFUSED); // the current probe's slot is still taken
    c.succeeded(probe);
    expect(c.state).toBe('closed');
  });

  it('reset() closes it at once and counts afresh', () => {
    const { c, moves } = circuit(2);
    c.failed(c.admit());
    c.failed(c.admit());
    expect(c.state).toBe('open');
    c.reset();
    expect(c.state).toBe('closed');
    c.failed(c.admit());
    expect(c.state).toBe('closed');
    expect(moves.map(([, to]) => to)).toEqual(['open', 'closed']);
  });
  it('holdOpen() opens on news from elsewhere, only lengthens an open one, and drops half-open probes', () => {
    const { c, moves } = circuit(5);
    c.holdOpen(3_000);
    expect(c.state).toBe('open');
    expect(c.nextAttemptAt).toBe(1_003_000);
    c.holdOpen(500); // shorter: the longer hold stands
    expect(c.nextAttemptAt).toBe(1_003_000);
    c.holdOpen(4_000); // longer: held longer, no second event
    expect(c.nextAttemptAt).toBe(1_004_000);
    expect(moves.map(([, to]) => to)).toEqual(['open']);
    vi.setSystemTime(1_004_000);
    const probe = c.admit();
    expect(c.state).toBe('half-open');
    c.holdOpen(1_000);
    expect(c.state).toBe('open');
    c.succeeded(probe); // a probe of the spell the news ended changes nothing
    expect(c.state).toBe('open');
    expect(moves.map(([, to]) => to)).toEqual(['open', 'half-open', 'open']);
  });
});
