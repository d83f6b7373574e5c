import type { Readable } from 'node:stream';
import type { GatewayErrorOptions } from '../errors/gateway-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';

/**
 * Reads a response body into a string, stopping at `maxBytes`: past it the stream is destroyed (undici then drops
 * the connection, so the socket is not read further) and `ResponseTooLargeError` is thrown. A `content-length`
 * over the limit fails before any byte is read.
 */
export function readBody(
  body: Readable,
  contentLength: string | string[] | undefined,
  maxBytes: number,
  errorOptions: GatewayErrorOptions,
): Promise<{ text: string; bytes: number }> {
  if (typeof contentLength === 'string' && Number(contentLength) > maxBytes) {
    body.destroy();
    return Promise.reject(new ResponseTooLargeError('maxResponseBytes', maxBytes, errorOptions));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        const error = new ResponseTooLargeError('maxResponseBytes', maxBytes, errorOptions);
        body.destroy(error);
        return;
      }
      chunks.push(chunk);
    });
    body.once('error', reject);
    body.once('end', () => {
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      resolve({ text, bytes: size });
    });
  });
}
