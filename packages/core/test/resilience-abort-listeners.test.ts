import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { buildRequest, compose, deadline, type GatewayResponse } from '../src/index.js';
import { whenAborted } from '../src/kit.js';

describe('whenAborted()', () => {
  it('keeps one listener on the signal however many callbacks wait, and none once all are cancelled', () => {
    const controller = new AbortController();
    const cancels = Array.from({ length: 1_000 }, () => whenAborted(controller.signal, () => {}));
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const cancel of cancels) cancel();
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    cancels[0]?.();
  });

  it('runs every waiting callback once on abort, and none that were cancelled', () => {
    const controller = new AbortController();
    const ran: number[] = [];
    whenAborted(controller.signal, () => ran.push(1));
    const cancel = whenAborted(controller.signal, () => ran.push(2));
    whenAborted(controller.signal, () => ran.push(3));
    cancel();
    controller.abort();
    expect(ran).toEqual([1, 3]);
    // A new subscription after the abort starts a new entry and can be cancelled cleanly.
    whenAborted(controller.signal, () => ran.push(4))();
    expect(ran).toEqual([1, 3]);
  });

  it('lets 1 000 concurrent calls share one caller signal with a single listener', async () => {
    const controller = new AbortController();
    const releases: Array<() => void> = [];
    const handler = compose(deadline({ totalMs: 60_000 }))(
      (r) =>
        new Promise<GatewayResponse>((resolve) => {
          releases.push(() => resolve({ status: 200, headers: {}, body: null, attempts: r.attempt, cache: undefined }));
        }),
    );
    const calls = Array.from({ length: 1_000 }, () =>
      handler(buildRequest({ origin: 'http://gw', path: '/health', signal: controller.signal })),
    );
    await new Promise((r) => setImmediate(r));
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const release of releases) release();
    await Promise.all(calls);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
