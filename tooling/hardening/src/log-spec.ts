/**
 * A log expectation as written in the chaos matrix: the line's `msg` in quotes, then `field=value` pairs that the
 * line must carry, e.g. `"operation failed" code=MCPGW_CONNECT`.
 */
export interface LogSpec {
  readonly msg: string;
  readonly fields: Readonly<Record<string, string>>;
}

export function parseLogSpec(text: string): LogSpec {
  const match = /^"([^"]+)"((?:\s+[\w.]+=\S+)*)$/.exec(text.trim());
  if (match === null) throw new Error(`not a log spec: ${text}`);
  const fields: Record<string, string> = {};
  for (const pair of (match[2] ?? '').trim().split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { msg: match[1]!, fields };
}

export function logHolds(records: ReadonlyArray<Record<string, unknown>>, spec: LogSpec): boolean {
  return records.some(
    (record) =>
      record.msg === spec.msg && Object.entries(spec.fields).every(([key, value]) => String(record[key]) === value),
  );
}
