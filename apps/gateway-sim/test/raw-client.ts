import { connect } from 'node:net';

export interface RawExchange {
  /** Everything the server sent, headers and body. */
  bytes: Buffer;
  /** How the connection ended: a clean close, a reset or other socket error, or our own timeout. */
  ending: 'close' | 'error' | 'timeout';
  errorCode?: string;
}

/** Sends one request over a fresh socket and records every byte until the server closes or resets it. */
export function rawExchange(url: string, request: string, timeoutMs = 5_000): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    let settled = false;
    const finish = (ending: RawExchange['ending'], errorCode?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), ending, ...(errorCode ? { errorCode } : {}) });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish('close'));
    socket.on('close', () => finish('close'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish('error', error.code));
    socket.write(request);
  });
}

export function getRequest(path: string, headers: Record<string, string> = {}): string {
  const lines = [`GET ${path} HTTP/1.1`, 'Host: sim', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function postRequest(path: string, body: string, headers: Record<string, string> = {}): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: sim',
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export interface ParsedHead {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits raw bytes into status, headers and whatever body bytes arrived (no chunked decoding). */
export function parseHead(bytes: Buffer): ParsedHead | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: bytes.subarray(end + 4) };
}
