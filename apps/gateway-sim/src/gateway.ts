import type { IncomingHttpHeaders } from 'node:http';
import type { Catalog, PaginationKnobs } from './catalog.js';
import { type RouteMatch, routeMethods } from './route-table.js';
import type { SimRoute } from './script-step.js';
import { detailResponse, errorResponse, type SimResponse } from './sim-response.js';
import type { ToolInvoker } from './tool-invoker.js';

export type GatewayMatch = Exclude<RouteMatch, { route: 'admin' }>;

export interface GatewayCall {
  match: GatewayMatch;
  method: string;
  headers: IncomingHttpHeaders;
  body: string | undefined;
}

export interface GatewaySettings {
  catalog: Catalog;
  pagination: PaginationKnobs;
  apiKey: string | undefined;
  requireUserToken: boolean;
}

const healthBody = '{"status":"healthy"}';
const defaultLimit = 100;
const maxLimit = 1000;

/** The gateway's normal behaviour (E1..E5), with no faults: what a healthy SARK-style gateway answers. */
export function answerNormally(
  call: GatewayCall,
  settings: GatewaySettings,
  invoker: ToolInvoker,
  execute: boolean,
): SimResponse {
  const { match } = call;
  if (settings.apiKey !== undefined && call.headers['x-api-key'] !== settings.apiKey) {
    return errorResponse(401, 'missing or invalid X-API-Key');
  }
  if (match.route === 'other') return errorResponse(404, 'no such endpoint');
  const expected = routeMethods[match.route as SimRoute];
  if (call.method !== expected) {
    return { ...errorResponse(405, `use ${expected} for this endpoint`), headers: { allow: expected } };
  }
  const { catalog, pagination } = settings;
  switch (match.route) {
    case 'health':
      return { status: 200, body: healthBody };
    case 'listServers': {
      const query = new URLSearchParams(match.query);
      const paging = readPaging(query);
      if (typeof paging === 'string') return detailResponse(400, paging);
      return { status: 200, body: catalog.serversPage(paging.offset, paging.limit, pagination) };
    }
    case 'getServer': {
      if (match.server === undefined) return detailResponse(400, 'server name is not valid percent-encoding');
      const index = catalog.indexOf(match.server);
      if (index < 0) return errorResponse(404, `server not found: ${match.server}`);
      return { status: 200, body: catalog.serverJson(index) };
    }
    case 'listTools': {
      const query = new URLSearchParams(match.query);
      const paging = readPaging(query);
      if (typeof paging === 'string') return detailResponse(400, paging);
      const server = query.get('server');
      let serverIndex: number | undefined;
      if (server !== null) {
        serverIndex = catalog.indexOf(server);
        if (serverIndex < 0) return errorResponse(404, `server not found: ${server}`);
      }
      return { status: 200, body: catalog.toolsPage(serverIndex, paging.offset, paging.limit, pagination) };
    }
    case 'invoke':
      return invoker.invoke(catalog, call.headers, call.body, settings.requireUserToken, execute);
  }
}

function readPaging(query: URLSearchParams): { offset: number; limit: number } | string {
  const offset = readInteger(query.get('offset'), 0);
  if (offset === undefined) return 'offset must be an integer >= 0';
  const limit = readInteger(query.get('limit'), defaultLimit);
  if (limit === undefined || limit < 1 || limit > maxLimit) return `limit must be an integer 1..${maxLimit}`;
  return { offset, limit };
}

function readInteger(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
