import { BoundedMap } from './bounded-map.js';
import type { SensitivityLevel, ServerInfo, ToolInfo, ToolParameter } from './catalog-types.js';
import {
  parameterPool,
  secretParameterPool,
  teams,
  toolNouns,
  toolVerbs,
  type WellKnownServer,
  wellKnownServers,
} from './catalog-vocabulary.js';
import { mixSeed, pick, pickWeighted, type Random, seededRandom } from './seeded-random.js';

export interface PaginationKnobs {
  /** Send `total` in list pages. */
  total: boolean;
  /** Send `next_offset` in list pages (null on the last page). */
  nextOffset: boolean;
}

interface ServerTools {
  infos: ToolInfo[];
  json: string[];
  byName: Map<string, number>;
}

const levelWeights: readonly (readonly [SensitivityLevel, number])[] = [
  ['low', 30],
  ['medium', 40],
  ['high', 20],
  ['critical', 10],
];
const healthWeights: readonly (readonly [ServerInfo['health_status'], number])[] = [
  ['healthy', 85],
  ['degraded', 10],
  ['unhealthy', 5],
];
const epoch = Date.UTC(2024, 0, 1);
const day = 86_400_000;
// Pages are cached as ready JSON; the bound keeps a benchmark that walks many offsets from growing memory.
const pageCacheEntries = 2048;

/**
 * The seeded data set. Every server and tool is derived from (seed, index) alone, so items are built lazily,
 * in any order, and always come out the same; their JSON is cached once built.
 */
export class Catalog {
  readonly serverCount: number;
  readonly toolsPerServer: number;
  readonly #seed: number;
  readonly #nameWidth: number;
  readonly #serverJson: (string | undefined)[];
  readonly #tools: (ServerTools | undefined)[];
  readonly #pages = new BoundedMap<string, string>(pageCacheEntries);

  constructor(seed: number, serverCount: number, toolsPerServer: number) {
    this.#seed = seed >>> 0;
    this.serverCount = serverCount;
    this.toolsPerServer = toolsPerServer;
    this.#nameWidth = Math.max(4, String(serverCount).length);
    this.#serverJson = new Array(serverCount);
    this.#tools = new Array(serverCount);
  }

  get toolCount(): number {
    return this.serverCount * this.toolsPerServer;
  }

  serverName(index: number): string {
    const known = wellKnownServers[index];
    if (known) return known.name;
    return `server-${String(index + 1).padStart(this.#nameWidth, '0')}`;
  }

  /** The index of a server by name, or -1. O(1): names encode their index. */
  indexOf(name: string): number {
    const known = wellKnownServers.findIndex((server) => server.name === name);
    if (known >= 0) return known < this.serverCount ? known : -1;
    const match = /^server-(\d+)$/.exec(name);
    if (!match) return -1;
    const index = Number(match[1]) - 1;
    if (index < wellKnownServers.length || index >= this.serverCount) return -1;
    return this.serverName(index) === name ? index : -1;
  }

  server(index: number): ServerInfo {
    return JSON.parse(this.serverJson(index)) as ServerInfo;
  }

  serverJson(index: number): string {
    let json = this.#serverJson[index];
    if (json === undefined) {
      json = JSON.stringify(this.#buildServer(index));
      this.#serverJson[index] = json;
    }
    return json;
  }

  tools(serverIndex: number): readonly ToolInfo[] {
    return this.#serverTools(serverIndex).infos;
  }

  findTool(serverIndex: number, toolName: string): ToolInfo | undefined {
    const tools = this.#serverTools(serverIndex);
    const index = tools.byName.get(toolName);
    return index === undefined ? undefined : tools.infos[index];
  }

  serversPage(offset: number, limit: number, knobs: PaginationKnobs): string {
    const key = `s:${offset}:${limit}:${knobs.total ? 1 : 0}${knobs.nextOffset ? 1 : 0}`;
    let page = this.#pages.get(key);
    if (page === undefined) {
      const end = Math.min(offset + limit, this.serverCount);
      const items: string[] = [];
      for (let i = offset; i < end; i++) items.push(this.serverJson(i));
      page = pageJson('servers', items, offset, limit, this.serverCount, knobs);
      this.#pages.set(key, page);
    }
    return page;
  }

  /** A tools page across every server (serverIndex undefined) or of one server. */
  toolsPage(serverIndex: number | undefined, offset: number, limit: number, knobs: PaginationKnobs): string {
    const key = `t:${serverIndex ?? '*'}:${offset}:${limit}:${knobs.total ? 1 : 0}${knobs.nextOffset ? 1 : 0}`;
    let page = this.#pages.get(key);
    if (page === undefined) {
      const per = this.toolsPerServer;
      const total = serverIndex === undefined ? this.toolCount : per;
      const base = serverIndex === undefined ? 0 : serverIndex * per;
      const end = Math.min(offset + limit, total);
      const items: string[] = [];
      for (let i = offset; i < end; i++) {
        const global = base + i;
        items.push(this.#serverTools(Math.floor(global / per)).json[global % per]!);
      }
      page = pageJson('tools', items, offset, limit, total, knobs);
      this.#pages.set(key, page);
    }
    return page;
  }

  #serverTools(serverIndex: number): ServerTools {
    let tools = this.#tools[serverIndex];
    if (tools === undefined) {
      const infos = this.#buildTools(serverIndex);
      tools = {
        infos,
        json: infos.map((tool) => JSON.stringify(tool)),
        byName: new Map(infos.map((tool, i) => [tool.tool_name, i])),
      };
      this.#tools[serverIndex] = tools;
    }
    return tools;
  }

  #buildServer(index: number): ServerInfo {
    const random = seededRandom(mixSeed(this.#seed, index));
    const name = this.serverName(index);
    const known: WellKnownServer | undefined = wellKnownServers[index];
    const sensitivity = known?.sensitivity ?? pickWeighted(random, levelWeights);
    const createdAt = epoch + Math.floor(random() * 365) * day + Math.floor(random() * day);
    const updatedAt = random() < 0.05 ? null : createdAt + Math.floor(random() * 180 * day);
    return {
      server_id: uuidFrom(random),
      server_name: name,
      server_url: `http://${name}.mcp.internal:8080/mcp`,
      sensitivity_level: sensitivity,
      authorized_teams: known?.teams.slice() ?? pickTeams(random),
      access_restrictions: known ? null : restrictionsFor(sensitivity, random),
      health_status: known ? 'healthy' : pickWeighted(random, healthWeights),
      tools_count: this.toolsPerServer,
      created_at: new Date(createdAt).toISOString(),
      updated_at: updatedAt === null ? null : new Date(updatedAt).toISOString(),
    };
  }

  #buildTools(serverIndex: number): ToolInfo[] {
    const random = seededRandom(mixSeed(this.#seed ^ 0x5bd1e995, serverIndex));
    const serverName = this.serverName(serverIndex);
    const known = wellKnownServers[serverIndex];
    const taken = new Set<string>();
    const tools: ToolInfo[] = [];
    for (let j = 0; j < this.toolsPerServer; j++) {
      const wellKnownTool = known?.tools[j];
      if (wellKnownTool) {
        taken.add(wellKnownTool.name);
        tools.push({
          tool_name: wellKnownTool.name,
          server_name: serverName,
          description: wellKnownTool.description,
          sensitivity_level: wellKnownTool.sensitivity,
          parameters: wellKnownTool.parameters.map((p) => ({ ...p })),
          sensitive_params: wellKnownTool.sensitiveParams.slice(),
          required_capabilities: wellKnownTool.capabilities.slice(),
        });
        continue;
      }
      tools.push(generatedTool(random, serverName, j, taken));
    }
    return tools;
  }
}

function generatedTool(random: Random, serverName: string, position: number, taken: Set<string>): ToolInfo {
  const verb = pick(random, toolVerbs);
  const noun = pick(random, toolNouns);
  let name = `${verb}_${noun}`;
  if (taken.has(name)) name = `${name}_${position + 1}`;
  taken.add(name);
  const parameters: ToolParameter[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (const candidate of shuffled(random, parameterPool).slice(0, count)) parameters.push({ ...candidate });
  const sensitiveParams: string[] = [];
  if (random() < 0.2) {
    const secret = pick(random, secretParameterPool);
    parameters.push({ ...secret });
    sensitiveParams.push(secret.name);
  }
  const writes = ['create', 'update', 'delete', 'sync', 'run'].includes(verb);
  return {
    tool_name: name,
    server_name: serverName,
    description: `${verb[0]!.toUpperCase()}${verb.slice(1)} ${noun} on ${serverName}`,
    sensitivity_level: pickWeighted(random, levelWeights),
    parameters,
    sensitive_params: sensitiveParams,
    required_capabilities: [`${noun}:${writes ? 'write' : 'read'}`],
  };
}

function pageJson(
  key: 'servers' | 'tools',
  items: string[],
  offset: number,
  limit: number,
  total: number,
  knobs: PaginationKnobs,
): string {
  let json = `{"${key}":[${items.join(',')}]`;
  if (knobs.total) json += `,"total":${total}`;
  if (knobs.nextOffset) json += `,"next_offset":${offset + limit < total ? offset + limit : 'null'}`;
  return `${json}}`;
}

function uuidFrom(random: Random): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function pickTeams(random: Random): string[] {
  const count = Math.floor(random() * 4);
  return shuffled(random, teams).slice(0, count).sort();
}

function restrictionsFor(sensitivity: SensitivityLevel, random: Random): Record<string, unknown> | null {
  if (sensitivity === 'critical') return { require_mfa: true, business_hours_only: random() < 0.5 };
  const roll = random();
  if (roll < 0.7) return null;
  if (roll < 0.85) return { business_hours_only: true };
  return { ip_allowlist: ['10.0.0.0/8'] };
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
