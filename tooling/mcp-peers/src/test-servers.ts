// The workspace's test servers and the hardening canaries, through their source: this package does not list them as
// dependencies (that changes the lockfile, which one engineer owns); as in preset.ts, one line each to switch later.

export { canary, jwtSecret } from '../../hardening/src/canary.js';
export { scanForCanaries, TelemetryCapture } from '../../hardening/src/telemetry-capture.js';
export { startOpaTestServer } from '../../opa-test-server/src/index.js';
export { startRedisServer } from '../../redis-test-server/src/index.js';
