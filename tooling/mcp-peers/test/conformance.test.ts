import { describe, expect, test } from 'vitest';
import {
  type ConformanceOutcome,
  describeFailure,
  driverCommand,
  failedChecks,
  listedClientScenarios,
  runConformanceScenario,
} from '../src/conformance-run.js';
import { loopbackSkipReason } from '../src/loopback-namespace.js';
import { knownFailing } from './known-failing.js';

/*
 * The official conformance suite (@modelcontextprotocol/conformance 0.2.0-alpha.12), client mode: for each scenario
 * the suite starts a mock MCP server, runs our driver (src/conformance-client.ts) against it, and judges what
 * reached the wire. It passes when no check is FAILURE or WARNING and the driver exits 0 (the suite's own verdict).
 * Everything runs inside a loopback-only namespace: the mock servers listen on every interface. The OAuth scenarios
 * (auth/*) run in test/conformance-auth.test.ts.
 *
 * The scenarios, and what each checks (read from the suite's source, src/scenarios/client/):
 *
 * 2025-11-25 (session era: initialize handshake, Mcp-Session-Id):
 * - initialize: the initialize request carries a protocolVersion the server can negotiate and clientInfo with a
 *   name and a version (MCP lifecycle).
 * - tools_call: tools/list, then tools/call add_numbers with numeric a and b; every message we send is valid
 *   against the era's JSON schema (wire-schema-valid, checked in every scenario).
 * - elicitation-sep1034-client-defaults: the server's elicitation/create has a schema whose optional fields carry
 *   defaults (string, integer, number, enum, boolean); the user accepts with no content and the client must fill
 *   the defaults in before answering (SEP-1034).
 * - sse-retry: tools/call answered with an SSE stream (priming event with id and retry: 500) that the server
 *   closes with no answer; the client must reconnect with GET after ~500 ms (not earlier than 450, not later than
 *   700, never past 1000), send Last-Event-ID, and take the answer from the GET stream (SEP-1699).
 * - json-schema-2020-12-preservation: tools/list advertises a schema using $schema, $defs, additionalProperties,
 *   $anchor, allOf/anyOf, if/then/else; the driver sends back what the client kept through tools/call
 *   json_schema_echo, and every keyword must have survived (SEP-1613; SEP-2106 checks are SKIPPED in this era).
 *
 * 2026-07-28 (stateless: no handshake, _meta on every request, Mcp-* headers):
 * - tools_call: as above, over the stateless mock server (which rejects requests without MCP-Protocol-Version,
 *   without the _meta protocolVersion and clientCapabilities, or whose header and _meta disagree).
 * - request-metadata: every POST has MCP-Protocol-Version equal to _meta's protocolVersion; _meta has
 *   clientCapabilities (roots/sampling/elicitation, when declared, are objects) and clientInfo (a SHOULD: WARNING
 *   when missing); the first request is refused with -32022 and data.supported, and the client must retry with a
 *   supported version in both header and _meta (SEP-2575).
 * - sep-2322-client-request-state: tools/call answered with resultType input_required (inputRequests holding an
 *   elicitation/create, with or without requestState); the retry must echo requestState byte for byte, omit it when
 *   none was sent, use a new JSON-RPC id, carry none of it into an unrelated call made meanwhile, and a result
 *   without resultType is complete (SEP-2322).
 * - http-standard-headers: Mcp-Method equal to the body's method on every POST, Mcp-Name equal to params.name or
 *   params.uri on tools/call, resources/read, prompts/get (a hyphenated tool name included); methods the driver
 *   never sends are SKIPPED (SEP-2243).
 * - http-custom-headers: the driver calls the tools with the arguments from MCP_CONFORMANCE_CONTEXT; parameters
 *   whose schema has x-mcp-header go out as Mcp-Param-<Name> (numbers and booleans as text, non-ASCII, control
 *   characters and leading or trailing whitespace as =?base64?…?=), unannotated ones and null values not at all
 *   (SEP-2243).
 * - http-invalid-tool-headers: tools/list holds one valid tool and ten whose x-mcp-header is empty, duplicated
 *   (also case-insensitively), has a space, colon, non-ASCII or control character, or sits on an object, array or
 *   null; the driver calls every tool the client kept: the valid one must be called, no invalid one (SEP-2243).
 * - json-schema-ref-no-deref: a tool schema with a $ref to a canary URL on the mock server; listing tools must not
 *   fetch it (SEP-2106: no network dereference of $ref).
 * - json-schema-2020-12-preservation: as above, with the SEP-2106 checks scored.
 */
const scenariosByVersion: Record<string, string[]> = {
  '2025-11-25': [
    'initialize',
    'tools_call',
    'elicitation-sep1034-client-defaults',
    'sse-retry',
    'json-schema-2020-12-preservation',
  ],
  '2026-07-28': [
    'tools_call',
    'request-metadata',
    'sep-2322-client-request-state',
    'http-standard-headers',
    'http-custom-headers',
    'http-invalid-tool-headers',
    'json-schema-ref-no-deref',
    'json-schema-2020-12-preservation',
  ],
};

const skip = loopbackSkipReason();
const title = (name: string) => (skip === undefined ? name : `${name} (skipped: ${skip})`);

describe('the conformance suite scenarios we run', () => {
  for (const [version, expected] of Object.entries(scenariosByVersion)) {
    test(`are every client scenario of ${version} without OAuth, as the installed suite lists them`, () => {
      const listed = listedClientScenarios(version).filter((name) => !name.startsWith('auth/'));
      expect(listed.sort()).toEqual([...expected].sort());
    });
  }

  test('knownFailing names only cases that are run', () => {
    const run = [
      ...Object.entries(scenariosByVersion).flatMap(([version, names]) => names.map((n) => `${version} ${n}`)),
      ...['2025-11-25', 'auto'].map((v) => `server-everything ${v}`),
    ];
    expect(Object.keys(knownFailing).filter((key) => !run.includes(key))).toEqual([]);
  });
});

const passes = (outcome: ConformanceOutcome) =>
  outcome.exitCode === 0 && outcome.checks.length > 0 && failedChecks(outcome.checks).length === 0;

// The driver's own steps with the official SDK client (2.x, both eras) prove the namespace, the suite run and the
// steps. One scenario per era always runs; for the others the baseline runs only when ours fails, and its verdict
// goes into the failure message (the SDK passing means the failure is ours).
describe.skipIf(skip !== undefined)('the conformance harness', () => {
  for (const version of Object.keys(scenariosByVersion)) {
    test(title(`baseline: the driver's steps with the official SDK client pass ${version} tools_call`), async () => {
      const outcome = await runConformanceScenario('tools_call', version, { command: driverCommand('sdk') });
      expect(passes(outcome), describeFailure(outcome)).toBe(true);
    });
  }
});

async function baselineVerdict(scenario: string, version: string): Promise<string> {
  const outcome = await runConformanceScenario(scenario, version, { command: driverCommand('sdk') });
  return passes(outcome)
    ? 'the official SDK client passes this scenario through the same harness: the failure is ours'
    : `the official SDK client fails it too (suspect the harness or the suite):\n${describeFailure(outcome)}`;
}

describe.skipIf(skip !== undefined)(
  'the official MCP conformance suite against our client (loopback namespace)',
  () => {
    for (const [version, names] of Object.entries(scenariosByVersion)) {
      for (const scenario of names) {
        const key = `${version} ${scenario}`;
        const reason = knownFailing[key];
        const name =
          reason === undefined
            ? `${key}: every check passes`
            : `${key}: still fails as listed in knownFailing (${reason})`;
        // 75 s: room for our run and, on a failure, the baseline's, each ended by runConformanceScenario at 30 s.
        test(title(name), async () => {
          const outcome = await runConformanceScenario(scenario, version);
          if (reason !== undefined) {
            expect(passes(outcome), `${key} passes now: remove it from knownFailing`).toBe(false);
          } else if (!passes(outcome)) {
            expect.fail(`${describeFailure(outcome)}\n${await baselineVerdict(scenario, version)}`);
          }
        }, 75_000);
      }
    }
  },
);
