import { emitWarning } from 'node:process';
import {
  AuthorizationDeniedError,
  AuthorizationUnavailableError,
  type AuthzDecision,
  ConfigError,
  type ConfigIssue,
  channels,
  type GatewayRequest,
  type GatewayResponse,
  InvalidRequestError,
  JsonBody,
  type Middleware,
  type Principal,
} from '@mcpgw/core';
import { optionIssues, scrubSecrets, secretsIn, withRequestContext } from '@mcpgw/core/kit';
import { DecisionCache, type DecisionCacheOptions } from './decision-cache.js';
import {
  buildInputDocument,
  factsFromAttributes,
  type InvokeTarget,
  invokeTargetOf,
  isToolsCall,
  type ResolveServer,
  type ResolveTool,
  type ServerFacts,
  type ToolFacts,
} from './input-document.js';
import { OpaBreaker, type OpaBreakerOptions } from './opa-breaker.js';
import { createOpaClient, encodePolicyPath } from './opa-client.js';
import { authorizeOptionSchema, decisionCacheOptionSchema } from './option-schema.js';
import {
  type JwtOptions,
  type PrincipalFromToken,
  principalFromUnverifiedToken,
  principalFromVerifiedToken,
} from './principal-from-token.js';
import { type Decision, readDecision } from './read-decision.js';

export interface AuthorizeOptions {
  /** OPA's base URL. */
  url: string;
  /** Document queried, as `POST /v1/data/{policyPath}`. Default `mcp/gateway/decision`. */
  policyPath?: string;
  /** Whole OPA round trip; past it the call is refused (`timeout`). Default 250. */
  timeoutMs?: number;
  /** Connections to OPA. Default 16. */
  connections?: number;
  /** Let calls through when OPA gives no decision (never on a deny). Warns on every use. Default false. */
  failOpen?: boolean;
  /** Per-principal decision cache; `false` turns it off. Default `{ ttlMs: 5000, maxEntries: 10000 }`. */
  decisionCache?: DecisionCacheOptions | false;
  /** How user JWTs (Authorization: Bearer) are verified. */
  jwt?: JwtOptions;
  /** Reads user JWTs WITHOUT verifying them: anyone can forge a user. For local experiments only. */
  insecureDecodeJwtWithoutVerification?: boolean;
  /** Looks up a server's sensitivity (and authorized_teams); default: request attributes, else `medium`. */
  resolveServer?: ResolveServer;
  resolveTool?: ResolveTool;
  /** Breaker for the OPA upstream; `false` turns it off. Default `{ failureThreshold: 5, openMs: 5000 }`. */
  breaker?: OpaBreakerOptions | false;
  /** Receives fail-open and insecure-mode warnings. Default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

export interface AuthzStats {
  allowed: number;
  denied: number;
  unavailable: number;
  failOpen: number;
  /** Calls that actually went to OPA. */
  opaCalls: number;
  /** Tokens read without verification (insecure option). */
  unverifiedTokens: number;
  cache: { hits: number; misses: number; size: number } | undefined;
  breaker: 'closed' | 'open' | 'half-open' | 'disabled';
}

export interface OpaHealth {
  status: 'healthy' | 'unhealthy';
  latencyMs: number;
  detail?: string;
}

export type AuthorizeMiddleware = Middleware & {
  health(): Promise<OpaHealth>;
  stats(): AuthzStats;
  close(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * OPA authorization for calls marked `authorize: true` (invokeTool): builds the input document, asks OPA (or the
 * decision cache), and either passes a copy with the filtered parameters and the principal, or refuses before
 * anything reaches the gateway. Fails closed unless `failOpen` is set.
 */
export function authorize(options: AuthorizeOptions): AuthorizeMiddleware {
  validate(options);
  const policyPath = encodePolicyPath(options.policyPath ?? 'mcp/gateway/decision');
  const timeoutMs = options.timeoutMs ?? 250;
  const failOpen = options.failOpen === true;
  const warn = options.onWarning ?? ((message: string) => emitWarning(message, { code: 'MCPGW_AUTHZ' }));
  const client = createOpaClient({ url: options.url, timeoutMs, connections: options.connections ?? 16 });
  const opaOrigin = new URL(options.url).origin;
  const breaker = options.breaker === false ? undefined : new OpaBreaker(options.breaker ?? {}, opaOrigin);
  const cache = options.decisionCache === false ? undefined : new DecisionCache(options.decisionCache ?? {});
  const counts = { allowed: 0, denied: 0, unavailable: 0, failOpen: 0, opaCalls: 0, unverifiedTokens: 0 };

  let fromToken: PrincipalFromToken | undefined;
  if (options.jwt !== undefined) {
    fromToken = principalFromVerifiedToken(options.jwt);
  } else if (options.insecureDecodeJwtWithoutVerification === true) {
    warn(
      'user JWTs are decoded WITHOUT signature verification (insecureDecodeJwtWithoutVerification); never in production',
    );
    const decode = principalFromUnverifiedToken();
    fromToken = (token) => {
      counts.unverifiedTokens++;
      return decode(token);
    };
  }

  async function principalOf(request: GatewayRequest): Promise<Principal> {
    if (request.principal !== undefined) {
      if (typeof request.principal.id !== 'string' || request.principal.id.length === 0) {
        throw new AuthorizationDeniedError('no user');
      }
      return request.principal;
    }
    const header = request.headers.authorization;
    if (header === undefined) throw new AuthorizationDeniedError('no user');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined || fromToken === undefined) {
      throw new AuthorizationDeniedError('invalid user token', {
        cause: new Error(match === null ? 'not a Bearer token' : 'no jwt verification is configured'),
      });
    }
    return fromToken(match[1]);
  }

  async function factsFor(
    request: GatewayRequest,
    target: InvokeTarget,
  ): Promise<{ server: ServerFacts; tool: ToolFacts }> {
    const fallback = factsFromAttributes(request, target);
    try {
      const [server, tool] = await Promise.all([
        options.resolveServer?.(target.server),
        options.resolveTool?.(target.server, target.tool),
      ]);
      return { server: server ?? fallback.server, tool: tool ?? fallback.tool };
    } catch (cause) {
      throw new AuthorizationUnavailableError('unreachable', 'looking up the server or tool sensitivity failed', {
        cause,
      });
    }
  }

  async function ask(request: GatewayRequest, principal: Principal, input: Record<string, unknown>) {
    const key = cache === undefined ? undefined : DecisionCache.key(principal.id, input);
    if (key !== undefined) {
      const hit = cache?.get(key);
      if (hit !== undefined) return { decision: hit, cached: true };
    }
    const ticket = breaker?.admit(request.client);
    if (breaker !== undefined && ticket === undefined) {
      const until = breaker.nextAttemptAt;
      throw new AuthorizationUnavailableError(
        'circuit-open',
        `OPA failed repeatedly; calls are refused${until === undefined ? '' : ` until ${new Date(until).toISOString()}`}`,
      );
    }
    counts.opaCalls++;
    let decision: Decision;
    try {
      const answer = await client.evaluate(policyPath, input, {
        signal: request.signal,
        request: eventRequest(request, principal),
      });
      if (ticket !== undefined) breaker?.settle(request.client, ticket);
      decision = readDecision(answer);
    } catch (error) {
      if (ticket !== undefined) breaker?.settle(request.client, ticket, error);
      throw error;
    }
    if (key !== undefined) cache?.set(key, decision);
    return { decision, cached: false };
  }

  // What the attempt channels see: the OPA call, with no gateway headers (the user token stays out) and no body.
  function eventRequest(request: GatewayRequest, principal: Principal): GatewayRequest {
    return {
      ...request,
      operation: 'opa.decision',
      method: 'POST',
      origin: opaOrigin,
      path: `/v1/data/${policyPath}`,
      query: undefined,
      headers: {},
      body: undefined,
      principal,
    };
  }

  function publish(request: GatewayRequest, decision: AuthzDecision, cached: boolean, start: number, reason?: string) {
    if (!channels.authz.hasSubscribers) return;
    channels.authz.publish({
      client: request.client,
      operation: request.operation,
      requestId: request.requestId,
      decision,
      cached,
      durationMs: performance.now() - start,
      reason,
    });
  }

  const middleware = ((next) =>
    async (incoming: GatewayRequest): Promise<GatewayResponse> => {
      if (incoming.authorize !== true) return next(incoming);
      const start = performance.now();
      const request = withJsonBody(incoming);
      const target = invokeTargetOf(request);
      let principal: Principal | undefined;
      let outcome: { decision: Decision; cached: boolean };
      try {
        principal = await principalOf(request);
        const { server, tool } = await factsFor(request, target);
        const input = buildInputDocument(request, principal, target, server, tool, Date.now());
        outcome = await ask(request, principal, input);
      } catch (thrown) {
        const error = withRequestContext(thrown, request);
        if (error instanceof AuthorizationDeniedError) {
          counts.denied++;
          publish(request, 'deny', false, start, error.reason);
          throw error;
        }
        if (!(error instanceof AuthorizationUnavailableError)) throw error;
        if (!failOpen || principal === undefined) {
          counts.unavailable++;
          publish(request, 'unavailable', false, start, error.reason);
          throw error;
        }
        counts.failOpen++;
        warn(`authorization unavailable (${error.reason}); the call was let through because failOpen is set`);
        publish(request, 'fail-open', false, start, error.reason);
        return next({ ...request, principal });
      }
      const { decision, cached } = outcome;
      if (!decision.allow) {
        counts.denied++;
        // A policy's message may quote the input (`sprintf("%v not allowed", [input.parameters.query])`).
        const reason = scrubSecrets(decision.reason, secretsIn(target.parameters));
        publish(request, 'deny', cached, start, reason);
        throw new AuthorizationDeniedError(reason, {
          operation: request.operation,
          requestId: request.requestId,
        });
      }
      counts.allowed++;
      if (channels.authz.hasSubscribers) {
        publish(request, 'allow', cached, start, scrubSecrets(decision.reason, secretsIn(target.parameters)));
      }
      const filtered = decision.filteredParameters;
      const body = filtered === undefined ? request.body : filteredBody(request, target, filtered);
      return next({ ...request, principal, body });
    }) as AuthorizeMiddleware;

  middleware.health = () => client.health();
  middleware.stats = () => ({
    ...counts,
    cache: cache === undefined ? undefined : { hits: cache.hits, misses: cache.misses, size: cache.size },
    breaker: breaker === undefined ? 'disabled' : breaker.state,
  });
  middleware.close = async () => {
    cache?.clear();
    await client.close();
  };
  middleware[Symbol.asyncDispose] = () => middleware.close();
  return middleware;
}

/**
 * What is decided on is what is sent: the one serialised body, read for the input and passed on unchanged. A plain
 * body (a hand-built request, plain JavaScript) is serialised here, once.
 */
function withJsonBody(request: GatewayRequest): GatewayRequest {
  const body: unknown = request.body;
  if (body === undefined || body instanceof JsonBody) return request;
  const options = { operation: request.operation, requestId: request.requestId, field: 'body' };
  return { ...request, body: JsonBody.from(body, options) };
}

/** The body with the policy's `filtered_parameters`, serialised once like any other; OPA's own bounds apply. */
function filteredBody(request: GatewayRequest, target: InvokeTarget, filtered: Record<string, unknown>): JsonBody {
  const value = request.body?.value;
  const base = (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}) as {
    params?: Record<string, unknown>;
  };
  // An MCP tools/call keeps its JSON-RPC envelope: only `params.arguments` is replaced.
  const replaced = isToolsCall(request)
    ? { ...base, params: { ...base.params, arguments: filtered } }
    : { ...base, server: target.server, tool: target.tool, parameters: filtered };
  try {
    return JsonBody.from(replaced, { maxBytes: Number.MAX_SAFE_INTEGER });
  } catch (cause) {
    if (!(cause instanceof InvalidRequestError)) throw cause;
    throw new AuthorizationUnavailableError(
      'bad-response',
      `OPA's filtered_parameters cannot be sent: ${cause.message}`,
      {
        operation: request.operation,
        requestId: request.requestId,
      },
    );
  }
}

function validate(options: AuthorizeOptions): void {
  const issues: ConfigIssue[] = [];
  if (typeof options?.url !== 'string' || options.url.length === 0) {
    issues.push({ path: 'opa.url', message: 'is required (OPA base URL, e.g. http://127.0.0.1:8181)' });
  }
  // Bounds are the option schema's, the same the preset checks.
  issues.push(
    ...optionIssues(authorizeOptionSchema, { timeoutMs: options?.timeoutMs, failOpen: options?.failOpen }, 'opa'),
  );
  const cacheOptions = options?.decisionCache;
  if (cacheOptions !== undefined && cacheOptions !== false) {
    issues.push(...optionIssues(decisionCacheOptionSchema, { ...cacheOptions }, 'opa.decisionCache'));
  }
  if (options?.jwt !== undefined && options.insecureDecodeJwtWithoutVerification === true) {
    issues.push({ path: 'opa.jwt', message: 'give jwt or insecureDecodeJwtWithoutVerification, not both' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
