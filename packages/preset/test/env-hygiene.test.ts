import { ConfigError } from '@mcpgw/core';
import { afterEach, describe, expect, test } from 'vitest';
import { configFromEnv, UNKNOWN_ENV_VARIABLE_WARNING } from '../src/index.js';

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const warnings: Error[] = [];
const onWarning = (warning: Error) => {
  if ((warning as { code?: string }).code === UNKNOWN_ENV_VARIABLE_WARNING) warnings.push(warning);
};
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});
const listen = () => process.on('warning', onWarning);
// process.emitWarning delivers on the next tick.
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('an unparsable MCPGW_BASE_URL', () => {
  // The whole value used to be quoted: `got "htp://svc:hunter2-password@gw.internal/?token=…"`.
  test('is reported without its userinfo, query or fragment', () => {
    for (const raw of [
      'htp://svc:hunter2-password@gw.internal/mcp?token=tok-abcdef#frag',
      'svc:hunter2-password@gw.internal',
      'ftp://gw.internal/x?api_key=tok-abcdef',
      'http://[bad host/#tok-abcdef',
    ]) {
      const error = configErrorOf(() => configFromEnv({ MCPGW_BASE_URL: raw }));
      const text = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.issues)}`;
      expect(error.issues.map((i) => i.path)).toEqual(['MCPGW_BASE_URL']);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('tok-abcdef');
      expect(error.issues[0]?.message).toMatch(/expected the gateway URL/);
    }
    const error = configErrorOf(() => configFromEnv({ MCPGW_BASE_URL: 'htp://svc:pw@gw.internal/mcp?token=x' }));
    expect(error.issues[0]?.message).toContain('got "htp://[redacted]@gw.internal/mcp?[redacted]"');
  });
});

describe('unknown MCPGW_* variables', () => {
  const env = { MCPGW_BASE_URL: 'http://127.0.0.1:9', MCPGW_RETRY_MAX_ATEMPTS: '5' };

  test('are an issue naming the closest known variable under strict', () => {
    const error = configErrorOf(() => configFromEnv(env, { strict: true }));
    expect(error.issues).toEqual([
      {
        path: 'MCPGW_RETRY_MAX_ATEMPTS',
        message: 'is not a variable configFromEnv() reads: did you mean MCPGW_RETRY_MAX_ATTEMPTS?',
      },
    ]);
  });

  test('are a warning with a code otherwise, and the rest of the config still applies', async () => {
    listen();
    const options = configFromEnv({ ...env, MCPGW_TOTALLY_UNRELATED_THING: 'x', MCPGW_API_KEY: 'k-secret' });
    await tick();
    expect(options.baseUrl).toBe('http://127.0.0.1:9');
    expect(warnings.map((w) => [w.name, w.message])).toEqual([
      [
        'ConfigWarning',
        'MCPGW_RETRY_MAX_ATEMPTS is not a variable configFromEnv() reads: did you mean MCPGW_RETRY_MAX_ATTEMPTS?',
      ],
      [
        'ConfigWarning',
        'MCPGW_TOTALLY_UNRELATED_THING is not a variable configFromEnv() reads: see the README for the variables it reads',
      ],
    ]);
  });

  test('named in `ignore`, or known, or without the prefix, are not reported', async () => {
    listen();
    configFromEnv({ ...env, HOME: '/root' }, { ignore: ['MCPGW_RETRY_MAX_ATEMPTS'] });
    // The user token of the CLI and the examples is read by them, not by configFromEnv(): not a typo.
    expect(() => configFromEnv({ MCPGW_BASE_URL: 'http://gw', MCPGW_USER_TOKEN: 't' }, { strict: true })).not.toThrow();
    configFromEnv({ MCPGW_BASE_URL: 'http://gw', MCPGW_USER_TOKEN: 't' });
    await tick();
    expect(warnings).toEqual([]);
  });

  test('join the other issues of the same ConfigError under strict', () => {
    const error = configErrorOf(() => configFromEnv({ MCPGW_BASE_ULR: 'http://gw' }, { strict: true }));
    expect(error.issues.map((i) => i.path).sort()).toEqual(['MCPGW_BASE_ULR', 'MCPGW_BASE_URL']);
    expect(error.issues.find((i) => i.path === 'MCPGW_BASE_ULR')?.message).toMatch(/did you mean MCPGW_BASE_URL\?/);
  });
});
