import { ConfigError, type ConfigIssue } from '@mcpgw/core';
import { configIssuesFrom } from './config-issues.js';
import { type EnvVariable, envVariables } from './env-variables.js';
import type { CreateGatewayClientOptions } from './options.js';
import { optionsSchema } from './options-schema.js';

type Env = Readonly<Record<string, string | undefined>>;
type Tree = Record<string, unknown>;

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);
const levels = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Options for `createGatewayClient()` from `MCPGW_*` variables (see the README's table). Unset and empty variables
 * keep the defaults. Every invalid variable is reported at once, in one `ConfigError` whose issues name the
 * variable and what it expects; secret values are never echoed.
 */
export function configFromEnv(env: Env = process.env): CreateGatewayClientOptions {
  const issues: ConfigIssue[] = [];
  const bad = new Set<string>();
  const report = (variable: EnvVariable, message: string, raw?: string) => {
    bad.add(variable.name);
    const got = raw === undefined || variable.secret ? '' : `, got ${JSON.stringify(raw.slice(0, 80))}`;
    issues.push({ path: variable.name, message: `${message}${got}` });
  };
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
