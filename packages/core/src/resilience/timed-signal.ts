import type { GatewayRequest, GatewayResponse, Handler } from '../types.js';
import { whenAborted } from './abort-listeners.js';
import { errorForAbort } from './abort-reason.js';

/**
 * Runs `next` with a signal of its own that aborts after `timeoutMs` (with `reason()`) or when the caller's signal
 * aborts, and settles as soon as that happens, so a layer that ignores its signal cannot hold the call past its
 * timeout. One controller, one unref'd timer and, only when the caller passed a signal, one shared listener on it
 * (through `whenAborted`): no listener is ever added to our own signal, which keeps the cost per call small.
 * `AbortSignal.any()` is not used: it keeps every child reachable from a long-lived parent until the parent is
 * collected, so 10 000 calls sharing one caller signal would pile up.
 */
/** Signals made by `deadline()`: an attempt carrying one is ended by it when the deadline passes. */
export const deadlineSignals = new WeakSet<AbortSignal>();

export function runWithTimeout(
  next: Handler,
  request: GatewayRequest,
  timeoutMs: number,
  reason: () => unknown,
  deadline: number | undefined,
): Promise<GatewayResponse> {
  const parent = request.signal;
  if (parent?.aborted) return Promise.reject(errorForAbort(parent.reason, request));
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    if (deadline !== undefined) deadlineSignals.add(controller.signal);
    let settled = false;
    const abort = (why: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopListening();
      controller.abort(why);
      reject(errorForAbort(why, request));
    };
    const timer = setTimeout(() => abort(reason()), Math.max(0, timeoutMs));
    timer.unref();
    const stopListening = parent === undefined ? noop : whenAborted(parent, () => abort(parent.reason));
    const finish = () => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      stopListening();
      return true;
    };
    const changed: GatewayRequest =
      deadline === undefined
        ? { ...request, signal: controller.signal }
        : { ...request, deadline, signal: controller.signal };
    next(changed).then(
      (response) => {
        if (finish()) resolve(response);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}

function noop(): void {}
