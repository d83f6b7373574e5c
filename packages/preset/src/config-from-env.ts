import { ConfigError, type ConfigIssue } from '@mcpgw/core';
import { closestName } from './closest-name.js';
import { configIssuesFrom } from './config-issues.js';
import { type EnvVariable, envVariables } from './env-variables.js';
import type { CreateGatewayClientOptions } from './options.js';
import { optionsSchema } from './options-schema.js';
import { urlTextWithoutCredentials } from './url-text.js';

type Env = Readonly<Record<string, string | undefined>>;
type Tree = Record<string, unknown>;

export interface ConfigFromEnvOptions {
  /**
   * An `MCPGW_*` variable this function does not read (a typo such as `MCPGW_RETRY_MAX_ATEMPTS`) is an issue of the
   * `ConfigError` when true, a process warning (code `MCPGW_UNKNOWN_ENV_VARIABLE`) when false. Default false.
   */
  strict?: boolean;
  /** `MCPGW_*` names the application reads itself (e.g. the CLI's `MCPGW_USER_TOKEN`): never reported. */
  ignore?: readonly string[];
}

/** Code of the warning emitted for an unknown `MCPGW_*` variable outside strict mode. */
export const UNKNOWN_ENV_VARIABLE_WARNING = 'MCPGW_UNKNOWN_ENV_VARIABLE';
const PREFIX = 'MCPGW_';
// However many variables an environment holds, a typo report stays a few lines.
const MAX_UNKNOWN_REPORTED = 20;

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);
const levels = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Options for `createGatewayClient()` from `MCPGW_*` variables (see the README's table). Unset and empty variables
 * keep the defaults. Every invalid variable is reported at once, in one `ConfigError` whose issues name the
 * variable and what it expects; secret values are never echoed, nor the userinfo, query or fragment of a URL. An
 * `MCPGW_*` variable it does not read is reported with the known name closest to it: an issue under `strict`, a
 * process warning otherwise.
 */
export function configFromEnv(env: Env = process.env, config: ConfigFromEnvOptions = {}): CreateGatewayClientOptions {
  const issues: ConfigIssue[] = [];
  const bad = new Set<string>();
  const report = (variable: EnvVariable, message: string, raw?: string) => {
    bad.add(variable.name);
    // A URL may carry a password or a token even when it does not parse: never its userinfo, query or fragment.
    const shown = raw === undefined ? '' : variable.kind === 'url' ? urlTextWithoutCredentials(raw) : raw.slice(0, 80);
    const got = raw === undefined || variable.secret ? '' : `, got ${JSON.stringify(shown)}`;
    issues.push({ path: variable.name, message: `${message}${got}` });
  };
  reportUnknown(env, config, issues);
  const isSet = (variable: EnvVariable) => (env[variable.name] ?? '').trim() !== '';

  const options: Tree = {};
  const switchedOff: EnvVariable[] = [];
  for (const variable of envVariables) {
    const raw = (env[variable.name] ?? '').trim();
    if (raw === '') continue;
    const parsed = parse(variable, raw);
    if (!parsed.ok) {
      report(variable, `expected ${variable.expected}`, raw);
      continue;
    }
    if (variable.kind === 'switch') {
      if (parsed.value === false) switchedOff.push(variable);
      continue;
    }
    setAt(options, variable.path, parsed.value);
  }

  for (const off of switchedOff) {
    const inside = envVariables.filter((v) => v !== off && startsWith(v.path, off.path) && isSet(v));
    for (const variable of inside) {
      report(variable, `is set but ${off.name} is off: remove one of the two`);
    }
    setAt(options, off.path, false);
  }

  const baseUrl = envVariables[0] as EnvVariable;
  if (!isSet(baseUrl)) report(baseUrl, `is required: ${baseUrl.expected}`);
  const opaUrl = byName('MCPGW_OPA_URL');
  const opaRelated = envVariables.filter((v) => v.path[0] === 'opa' && v !== opaUrl && isSet(v));
  if (!isSet(opaUrl) && opaRelated.length > 0) {
    report(
      opaUrl,
      `is required when ${opaRelated.map((v) => v.name).join(', ')} ${opaRelated.length > 1 ? 'are' : 'is'} set`,
    );
  }
  const redisUrl = byName('MCPGW_REDIS_URL');
  const redisNamespace = byName('MCPGW_REDIS_NAMESPACE');
  if (!isSet(redisUrl) && isSet(redisNamespace)) {
    report(redisUrl, 'is required when MCPGW_REDIS_NAMESPACE is set');
  }

  reportToolResultCaching(env, report);
  reportHedgeOff(env, report);
  reportFleetWithoutRedis(env, report);

  // Ranges and formats are the option schema's: one set of rules for code and environment.
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) {
    for (const issue of configIssuesFrom(checked.error)) {
      const variable = variableFor(issue.path);
      if (variable === undefined || bad.has(variable.name)) continue;
      report(variable, `${issue.message} (${variable.expected})`);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return options as unknown as CreateGatewayClientOptions;
}

/**
 * `MCPGW_MCP_CACHE_TOOL_RESULTS=true` caches nothing with the cache off or annotations untrusted: say so rather than
 * let the setting do nothing.
 */
function reportToolResultCaching(env: Env, report: (variable: EnvVariable, message: string) => void): void {
  const read = (name: string) => (env[name] ?? '').trim().toLowerCase();
  if (!truthy.has(read('MCPGW_MCP_CACHE_TOOL_RESULTS'))) return;
  for (const name of ['MCPGW_CACHE', 'MCPGW_MCP_TRUST_TOOL_ANNOTATIONS']) {
    if (falsy.has(read(name))) {
      report(
        byName('MCPGW_MCP_CACHE_TOOL_RESULTS'),
        `is on but ${name} is off, so no tool result would be cached: remove one of the two`,
      );
    }
  }
}

/** A hedge option set while `MCPGW_HEDGE` is off would turn hedging on (an object means on): say so instead. */
function reportHedgeOff(env: Env, report: (variable: EnvVariable, message: string) => void): void {
  if (!falsy.has((env.MCPGW_HEDGE ?? '').trim().toLowerCase())) return;
  for (const variable of envVariables) {
    if (variable.path[0] !== 'hedge' || variable.path.length === 1) continue;
    if ((env[variable.name] ?? '').trim() !== '')
      report(variable, 'is set but MCPGW_HEDGE is off: remove one of the two');
  }
}

/**
 * A fleet option without `MCPGW_FLEET_REDIS_URL` would turn fleet state on against a Redis on 127.0.0.1 (an object
 * means on): say so instead.
 */
function reportFleetWithoutRedis(env: Env, report: (variable: EnvVariable, message: string) => void): void {
  if ((env.MCPGW_FLEET_REDIS_URL ?? '').trim() !== '') return;
  for (const variable of envVariables) {
    if (variable.path[0] !== 'fleet' || variable.name === 'MCPGW_FLEET_REDIS_URL') continue;
    if ((env[variable.name] ?? '').trim() !== '') {
      report(variable, 'is set but MCPGW_FLEET_REDIS_URL is not: fleet state needs the Redis URL (or remove this)');
    }
  }
}

/** `MCPGW_*` names that no variable has, each with the known name it is closest to. */
function reportUnknown(env: Env, config: ConfigFromEnvOptions, issues: ConfigIssue[]): void {
  const ignored = new Set(config.ignore ?? []);
  let reported = 0;
  for (const name of Object.keys(env)) {
    if (!name.startsWith(PREFIX) || notReported.has(name) || ignored.has(name)) continue;
    if (++reported > MAX_UNKNOWN_REPORTED) break;
    const closest = closestName(name, [...knownNames]);
    const hint = closest === undefined ? 'see the README for the variables it reads' : `did you mean ${closest}?`;
    if (config.strict === true) {
      issues.push({ path: name, message: `is not a variable configFromEnv() reads: ${hint}` });
    } else {
      process.emitWarning(`${name} is not a variable configFromEnv() reads: ${hint}`, {
        type: 'ConfigWarning',
        code: UNKNOWN_ENV_VARIABLE_WARNING,
      });
    }
  }
}

/**
 * `MCPGW_*` names read by mcpgw's own tools rather than by this function: the user token of the CLI and the
 * examples (a per-call credential, never a client option). Not typos, so never reported.
 */
const readElsewhere = ['MCPGW_USER_TOKEN'];
const knownNames: ReadonlySet<string> = new Set(envVariables.map((v) => v.name));
const notReported: ReadonlySet<string> = new Set([...knownNames, ...readElsewhere]);

type Parsed = { ok: true; value: unknown } | { ok: false };

function parse(variable: EnvVariable, raw: string): Parsed {
  const lower = raw.toLowerCase();
  switch (variable.kind) {
    case 'string':
      return { ok: true, value: raw };
    case 'url':
      return isHttpUrl(raw) ? { ok: true, value: raw } : { ok: false };
    case 'int':
      return /^\d+$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
    case 'msOrOff':
      if (falsy.has(lower)) return { ok: true, value: false };
      return /^\d+$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
    case 'number':
      return /^\d+(\.\d+)?$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
    case 'bool':
    case 'switch':
      if (truthy.has(lower)) return { ok: true, value: true };
      if (falsy.has(lower)) return { ok: true, value: false };
      return { ok: false };
    case 'list': {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return items.length > 0 ? { ok: true, value: items } : { ok: false };
    }
    case 'level':
      return levels.has(lower) ? { ok: true, value: lower } : { ok: false };
  }
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function setAt(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1] as string] = value;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return path.length > prefix.length && prefix.every((key, i) => path[i] === key);
}

function byName(name: string): EnvVariable {
  return envVariables.find((v) => v.name === name) as EnvVariable;
}

/** The variable that sets an option path, or the closest one above it. */
function variableFor(optionPath: string): EnvVariable | undefined {
  let best: EnvVariable | undefined;
  for (const variable of envVariables) {
    const path = variable.path.join('.');
    if (optionPath === path) return variable;
    if (optionPath.startsWith(`${path}.`) && (best === undefined || path.length > best.path.join('.').length)) {
      best = variable;
    }
  }
  return best;
}
