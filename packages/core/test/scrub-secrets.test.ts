import { describe, expect, test } from 'vitest';
import { buildRequest } from '../src/index.js';
import { REDACTED, scrubSecrets, secretsIn, secretsOf } from '../src/kit.js';

describe('scrubSecrets', () => {
  test('replaces every form a peer echoes a secret in, longest first', () => {
    const key = 'sk-"live"/key';
    const text = `bad ${key}; escaped ${JSON.stringify(key).slice(1, -1)}; encoded ${encodeURIComponent(key)}`;
    expect(scrubSecrets(text, [key])).toBe(`bad ${REDACTED}; escaped ${REDACTED}; encoded ${REDACTED}`);
    // A value inside a longer secret does not leave the rest of it behind.
    expect(scrubSecrets('token abcd-efgh-ijkl', ['efgh', 'abcd-efgh-ijkl'])).toBe(`token ${REDACTED}`);
  });

  test('leaves values too short to tell from ordinary words, and survives a lone surrogate', () => {
    expect(scrubSecrets('limit 10 ok', ['10', 'ok'])).toBe('limit 10 ok');
    expect(scrubSecrets('x \ud800abcd y', ['\ud800abcd'])).toBe(`x ${REDACTED} y`);
  });

  test('secretsOf: credential headers, the bearer token and the body values', () => {
    const request = buildRequest({
      origin: 'http://127.0.0.1:1',
      path: '/x',
      method: 'POST',
      headers: {
        authorization: 'Bearer tok.en.value',
        'x-api-key': 'key-1234',
        'x-custom-token': 'ct-5678',
        accept: 'a/b',
      },
      body: { parameters: { password: 'hunter22', pin: 123456, nested: [{ deep: 'deep-value' }] } },
    });
    const secrets = secretsOf(request);
    for (const s of [
      'Bearer tok.en.value',
      'tok.en.value',
      'key-1234',
      'ct-5678',
      'hunter22',
      '123456',
      'deep-value',
    ]) {
      expect(secrets).toContain(s);
    }
    expect(secrets).not.toContain('a/b');
    expect(secretsIn({ a: ['x'.repeat(5)] })).toEqual(['xxxxx']);
  });
});
