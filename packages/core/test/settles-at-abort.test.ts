import { describe, expect, it } from 'vitest';
import { AbortError, buildRequest, deadline, type Handler } from '../src/index.js';
import { settlesAtAbort } from '../src/kit.js';

/** Ignores its signal entirely and never settles. */
const deaf: Handler = () => new Promise(() => {});

describe('settlesAtAbort()', () => {
  it('marks the deadline layer with a totalMs, which then ends even a deaf call at its signal', async () => {
    const marked = deadline({ totalMs: 60_000 })(deaf);
    expect(settlesAtAbort(marked)).toBe(true);
    expect(settlesAtAbort(deadline()(deaf))).toBe(false);
    expect(settlesAtAbort(deaf)).toBe(false);
    const controller = new AbortController();
    const pending = marked(buildRequest({ origin: 'http://127.0.0.1:1', path: '/x', signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });
});
