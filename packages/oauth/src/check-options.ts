import { ConfigError, type ConfigIssue } from '@mcpgw/core';
import { optionIssues } from '@mcpgw/core/kit';
import { isLoopback } from './endpoint-url.js';
import type { OAuthOptions } from './oauth-options.js';
import { oauthOptionSchema } from './option-schema.js';

/** Every problem of the options at once, as a `ConfigError`, before anything is sent. */
export function checkOAuthOptions(options: OAuthOptions, prefix = 'auth'): void {
  const issues: ConfigIssue[] = optionIssues(oauthOptionSchema, options as Record<string, unknown>, prefix);
  const grant = options.grant ?? (options.authorization === undefined ? 'client_credentials' : 'authorization_code');
  const clients = options.client === undefined ? [] : Array.isArray(options.client) ? options.client : [options.client];
  if (grant !== 'client_credentials' && grant !== 'authorization_code') {
    issues.push({ path: `${prefix}.grant`, message: 'must be authorization_code or client_credentials' });
  }
  if (grant === 'authorization_code' && options.authorization === undefined) {
    issues.push({ path: `${prefix}.authorization`, message: 'the authorization_code grant needs a redirectUri' });
  }
  if (options.authorization !== undefined && !secureUrl(options.authorization.redirectUri)) {
    issues.push({
      path: `${prefix}.authorization.redirectUri`,
      message: 'must be an https URL (http only on loopback)',
    });
  }
  if (
    grant === 'client_credentials' &&
    !clients.some((c) => c.clientSecret !== undefined || c.privateKey !== undefined)
  ) {
    issues.push({
      path: `${prefix}.client`,
      message: 'the client_credentials grant needs a client with a clientSecret or a privateKey',
    });
  }
  for (const [i, client] of clients.entries()) {
    if (typeof client.clientId !== 'string' || client.clientId.length === 0) {
      issues.push({ path: `${prefix}.client[${i}].clientId`, message: 'must be a non-empty string' });
    }
    if (client.tokenEndpointAuthMethod === 'private_key_jwt' && client.privateKey === undefined) {
      issues.push({ path: `${prefix}.client[${i}].privateKey`, message: 'private_key_jwt needs a privateKey' });
    }
  }
  if (options.clientMetadataUrl !== undefined && !/^https:\/\/[^/]+\/./.test(options.clientMetadataUrl)) {
    issues.push({ path: `${prefix}.clientMetadataUrl`, message: 'must be an https URL with a path (SEP-991)' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

function secureUrl(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
  } catch {
    return false;
  }
}
