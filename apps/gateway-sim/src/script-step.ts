/** The gateway routes a script can target. */
export type SimRoute = 'listServers' | 'getServer' | 'listTools' | 'invoke' | 'health';

export const simRoutes: readonly SimRoute[] = ['listServers', 'getServer', 'listTools', 'invoke', 'health'];

/** One scripted answer, consumed by one request to its route. */
export type ScriptStep =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { fault: 'hang' }
  | { fault: 'reset' }
  | { fault: 'reset-mid-body' }
  | { fault: 'slow-headers'; delayMs: number }
  | { fault: 'slow-body'; chunkDelayMs: number; chunkBytes?: number }
  | { fault: 'malformed-json' }
  | { fault: 'wrong-schema' }
  | { fault: 'huge-body'; bytes: number; chunked?: boolean }
  | { fault: 'truncated' }
  | { fault: 'pass'; delayMs?: number };

export type FaultName = Extract<ScriptStep, { fault: string }>['fault'];

const faultNames: readonly FaultName[] = [
  'hang',
  'reset',
  'reset-mid-body',
  'slow-headers',
  'slow-body',
  'malformed-json',
  'wrong-schema',
  'huge-body',
  'truncated',
  'pass',
];

export function isSimRoute(value: unknown): value is SimRoute {
  return typeof value === 'string' && (simRoutes as readonly string[]).includes(value);
}

/** Checks steps given by a test or over the admin API; throws a TypeError naming the bad step. */
export function validateSteps(steps: unknown): ScriptStep[] {
  if (!Array.isArray(steps)) throw new TypeError('script steps must be an array');
  return steps.map((step, i) => {
    const where = `script step ${i}`;
    if (typeof step !== 'object' || step === null) throw new TypeError(`${where} must be an object`);
    const s = step as Record<string, unknown>;
    if ('status' in s) {
      if (!Number.isInteger(s.status) || (s.status as number) < 200 || (s.status as number) > 599) {
        throw new TypeError(`${where}: status must be an integer 200..599`);
      }
      if (s.headers !== undefined && !isStringRecord(s.headers)) {
        throw new TypeError(`${where}: headers must map names to strings`);
      }
      return step as ScriptStep;
    }
    if (!faultNames.includes(s.fault as FaultName)) {
      throw new TypeError(`${where}: needs a status or a fault (one of ${faultNames.join(', ')})`);
    }
    const needs: Partial<Record<FaultName, string>> = {
      'slow-headers': 'delayMs',
      'slow-body': 'chunkDelayMs',
      'huge-body': 'bytes',
    };
    const field = needs[s.fault as FaultName];
    if (field !== undefined) requireCount(s[field], `${where}: ${field}`);
    if (s.fault === 'pass' && s.delayMs !== undefined) requireCount(s.delayMs, `${where}: delayMs`);
    if (s.fault === 'slow-body' && s.chunkBytes !== undefined) {
      requireCount(s.chunkBytes, `${where}: chunkBytes`);
      if ((s.chunkBytes as number) < 1) throw new TypeError(`${where}: chunkBytes must be >= 1`);
    }
    return step as ScriptStep;
  });
}

function requireCount(value: unknown, what: string): void {
  if (!Number.isInteger(value) || (value as number) < 0) throw new TypeError(`${what} must be an integer >= 0`);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
