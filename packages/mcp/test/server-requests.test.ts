import { describe, expect, test } from 'vitest';
import { answerServerRequest, clientCapabilities } from '../src/server-requests.js';

describe('answerServerRequest', () => {
  const schema = {
    requestedSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', default: 30 },
        active: { type: 'boolean', default: true },
        colors: { type: 'array', default: ['red'] },
        nested: { type: 'object', default: { no: 'objects' } },
      },
    },
  };

  test('an accepted elicitation gets the schema defaults for the fields the handler left out', async () => {
    const answer = await answerServerRequest(
      { elicitation: () => ({ action: 'accept', content: { age: 41 } }) },
      'elicitation/create',
      schema,
    );
    expect(answer).toEqual({
      result: { action: 'accept', content: { age: 41, name: 'John Doe', active: true, colors: ['red'] } },
    });
    expect(clientCapabilities({ elicitation: () => ({}) })).toEqual({ elicitation: { form: { applyDefaults: true } } });
  });

  test('a declined elicitation stays as it is; no handler declines; ping answers {}', async () => {
    const declined = await answerServerRequest(
      { elicitation: () => ({ action: 'decline' }) },
      'elicitation/create',
      schema,
    );
    expect(declined).toEqual({ result: { action: 'decline' } });
    expect(await answerServerRequest({}, 'elicitation/create', schema)).toEqual({ result: { action: 'decline' } });
    expect(await answerServerRequest({}, 'ping', undefined)).toEqual({ result: {} });
  });

  test('sampling or roots without a handler, or an unknown method: -32601; a throwing handler: -32603 without its text', async () => {
    expect(await answerServerRequest({}, 'sampling/createMessage', {})).toMatchObject({ error: { code: -32601 } });
    expect(await answerServerRequest({}, 'roots/list', {})).toMatchObject({ error: { code: -32601 } });
    expect(await answerServerRequest({}, 'tasks/get', {})).toMatchObject({ error: { code: -32601 } });
    const failing = await answerServerRequest(
      {
        sampling: () => {
          throw new Error('secret-token-123');
        },
      },
      'sampling/createMessage',
      {},
    );
    expect(failing).toMatchObject({ error: { code: -32603 } });
    expect(JSON.stringify(failing)).not.toContain('secret-token-123');
  });
});
