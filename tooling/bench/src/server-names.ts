import { request } from 'undici';

/** Every server name the simulator serves, in list order, read with plain undici (1000 per page). */
export async function fetchServerNames(url: string): Promise<string[]> {
  const names: string[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const response = await request(`${url}/api/v1/servers?offset=${offset}&limit=1000`);
    const page = (await response.body.json()) as {
      servers: Array<{ server_name: string }>;
      next_offset: number | null;
    };
    if (response.statusCode !== 200) throw new Error(`listing servers: status ${response.statusCode}`);
    for (const server of page.servers) names.push(server.server_name);
    offset = page.servers.length === 0 ? null : page.next_offset;
  }
  return names;
}
