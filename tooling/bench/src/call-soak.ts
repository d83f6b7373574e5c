import { getActiveResourcesInfo } from 'node:process';
import { GatewayError } from '@mcpgw/core';
import { pino } from 'pino';
import { Client } from 'undici';
import { OptionalPackages } from './optional-packages.js';
import { fetchServerNames } from './server-names.js';
import { type SoakCallKind, type SoakClient, soakCall, soakCallKind } from './soak-mix.js';

/** What the parent asks the soak process to do. */
export interface CallSoakTask {
  readonly url: string;
  readonly calls: number;
  /** Concurrent callers, each starting its next call when the last one settles. */
  readonly workers: number;
  /** A memory sample (after a forced GC when --expose-gc is on) every this many calls. */
  readonly sampleEvery: number;
  /** The run stops starting calls after this long, whether or not every call was made. */
  readonly maxMs: number;
}

export interface CallSoakSample {
  /** Calls started when the sample was taken. */
  readonly calls: number;
  /** Seconds since the first call. */
  readonly t: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
  readonly externalMb: number;
  /** Active handles and requests, all types together. */
  readonly resources: number;
}

export interface KindOutcome {
  readonly kind: SoakCallKind;
  readonly ok: number;
  /** Typed errors by their `code`. */
  readonly errors: Record<string, number>;
}

export interface CallSoakResult {
  readonly node: string;
  readonly requested: number;
  readonly made: number;
  readonly successes: number;
  readonly typedErrors: number;
  /** Anything thrown that is not a GatewayError: must be 0. */
  readonly untypedErrors: number;
  readonly firstUntyped?: string;
  readonly stoppedBy: 'count' | 'time';
  readonly elapsedMs: number;
  readonly callsPerSec: number;
  readonly injected503: number;
  readonly byKind: readonly KindOutcome[];
  readonly gcForced: boolean;
  readonly samples: readonly CallSoakSample[];
  /** process.getActiveResourcesInfo() by type before the client existed, and after close(). */
  readonly resourcesBefore: Record<string, number>;
  readonly resourcesAfterClose: Record<string, number>;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

function countByType(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

const gc = (globalThis as { gc?: () => void }).gc;

function sample(calls: number, startedAt: number): CallSoakSample {
  // A full collection first, so heapUsed follows live objects rather than when the GC last ran.
  gc?.();
  const memory = process.memoryUsage();
  return {
    calls,
    t: Math.round((performance.now() - startedAt) / 100) / 10,
    heapUsedMb: mb(memory.heapUsed),
    rssMb: mb(memory.rss),
    externalMb: mb(memory.external),
    resources: getActiveResourcesInfo().length,
  };
}

/**
 * `task.calls` calls through createGatewayClient() with every default layer (cache, retry, breaker, metrics,
 * logging at warn to /dev/null, tracing with the global no-op tracer, as an app that registers no provider) in this
 * process, against the simulator at `task.url`. Every call ends as a success or a typed error; both are counted by kind and code.
 */
export async function runCallSoakHere(task: CallSoakTask): Promise<CallSoakResult> {
  const resourcesBefore = countByType();
  const names = await fetchServerNames(task.url);
  const packages = await OptionalPackages.load();
  const missing = packages.missing(['preset']);
  if (missing !== undefined) throw new Error(missing);
  // The preset's default level; sync writes, as a pending asynchronous write at the end would read as a handle left open.
  const logger = pino({ level: 'warn' }, pino.destination({ dest: '/dev/null', sync: true }));
  const create = packages.get<(options: Record<string, unknown>) => SoakClient>('preset');
  const client = create({ baseUrl: task.url, logger });
  const admin = new Client(new URL(task.url).origin);
  const scriptFailure = async () => {
    const response = await admin.request({
      method: 'POST',
      path: '/__admin/script',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'invoke', steps: [{ status: 503 }] }),
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`gateway-sim admin script: status ${response.statusCode}`);
  };

  const outcomes = new Map<SoakCallKind, { ok: number; errors: Record<string, number> }>();
  const outcome = (kind: SoakCallKind) => {
    const known = outcomes.get(kind);
    if (known !== undefined) return known;
    const entry: { ok: number; errors: Record<string, number> } = { ok: 0, errors: {} };
    outcomes.set(kind, entry);
    return entry;
  };
  let next = 0;
  let successes = 0;
  let typedErrors = 0;
  let untypedErrors = 0;
  let injected503 = 0;
  let firstUntyped: string | undefined;
  let stoppedBy: 'count' | 'time' = 'count';
  const samples: CallSoakSample[] = [];
  const startedAt = performance.now();
  const stopAt = startedAt + task.maxMs;
  samples.push(sample(0, startedAt));

  const worker = async () => {
    while (next < task.calls) {
      if (performance.now() >= stopAt) {
        stoppedBy = 'time';
        return;
      }
      const i = next++;
      if (i > 0 && i % task.sampleEvery === 0) samples.push(sample(i, startedAt));
      const kind = soakCallKind(i);
      const entry = outcome(kind);
      try {
        if (kind === 'injected') {
          await scriptFailure();
          injected503++;
        }
        await soakCall(client, names, i);
        entry.ok++;
        successes++;
      } catch (error) {
        if (error instanceof GatewayError) {
          typedErrors++;
          entry.errors[error.code] = (entry.errors[error.code] ?? 0) + 1;
        } else {
          untypedErrors++;
          firstUntyped ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: task.workers }, worker));
  const elapsedMs = performance.now() - startedAt;
  samples.push(sample(next, startedAt));

  await client.close();
  await admin.close();
  // Sockets report their close on a later turn of the loop.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  const resourcesAfterClose = countByType();

  return {
    node: process.version,
    requested: task.calls,
    made: next,
    successes,
    typedErrors,
    untypedErrors,
    ...(firstUntyped === undefined ? {} : { firstUntyped }),
    stoppedBy,
    elapsedMs: Math.round(elapsedMs),
    callsPerSec: Math.round((next / elapsedMs) * 1000),
    injected503,
    byKind: [...outcomes].map(([kind, o]) => ({ kind, ok: o.ok, errors: o.errors })),
    gcForced: gc !== undefined,
    samples,
    resourcesBefore,
    resourcesAfterClose,
  };
}
