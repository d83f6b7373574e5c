import { describe, expect, test } from 'vitest';
import { loopbackSkipReason, runInLoopbackNamespace } from '../src/loopback-namespace.js';

// The runner every real-peer test relies on: only loopback inside, nothing outside reachable, and a time limit that
// ends the command with everything it started.

const skip = loopbackSkipReason();
const title = (name: string) => (skip === undefined ? name : `${name} (skipped: ${skip})`);
const node = (script: string) => runInLoopbackNamespace(process.execPath, ['-e', script], { timeoutMs: 20_000 });

describe.skipIf(skip !== undefined)('loopback-only network namespace', () => {
  test(title('only lo is there, and it is up'), async () => {
    const result = await runInLoopbackNamespace('ip', ['-o', 'link', 'show', 'up'], { timeoutMs: 10_000 });
    expect(result.code, result.stderr).toBe(0);
    const links = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(':')[1]?.trim());
    expect(links).toEqual(['lo']);
  });

  test(title('a server bound to every interface answers on 127.0.0.1 inside'), async () => {
    const result = await node(`
      const http = require('node:http');
      const server = http.createServer((req, res) => res.end('inside')).listen(0, () => {
        http.get('http://127.0.0.1:' + server.address().port, (res) => {
          res.on('data', (d) => process.stdout.write(d));
          res.on('end', () => server.close());
        });
      });`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('inside');
  });

  test(title('there is no route off loopback: the namespace has no default route'), async () => {
    const result = await node(`
      const routes = require('node:child_process').execFileSync('ip', ['route', 'show'], { encoding: 'utf8' });
      process.stdout.write(routes.trim() === '' ? 'no routes' : routes);`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('no routes');
  });

  test(title('the time limit kills the command and what it started, and says so'), async () => {
    const result = await runInLoopbackNamespace('sh', ['-c', 'sleep 60 & sleep 60'], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  test(title('output past the limit is dropped, not collected'), async () => {
    const result = await runInLoopbackNamespace('sh', ['-c', 'head -c 100000 /dev/zero'], {
      timeoutMs: 10_000,
      maxOutputBytes: 1000,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toHaveLength(1000);
  });
});
