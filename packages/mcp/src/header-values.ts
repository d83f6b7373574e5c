const SENTINEL = /^=\?base64\?.*\?=$/s;
// Visible ASCII, space and tab (RFC 9110 field values), with no leading or trailing whitespace.
const HEADER_SAFE = /^(?:[\x21-\x7e](?:[\x20\x21-\x7e\t]*[\x21-\x7e])?)?$/;

/**
 * A value as an MCP header carries it (2026-07-28 Value Encoding): as-is when header-safe, else the base64 sentinel
 * `=?base64?…?=` of its UTF-8 form; a plain value that looks like the sentinel is encoded too.
 */
export function mcpHeaderValue(value: string): string {
  if (value.length > 0 && HEADER_SAFE.test(value) && !SENTINEL.test(value)) return value;
  if (value.length === 0) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
