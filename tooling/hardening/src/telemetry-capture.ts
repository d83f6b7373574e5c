import { Writable } from 'node:stream';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Everything a client lets out of the process besides its requests: pino lines, metric expositions, finished spans
 * and the errors callers saw. The canary scan reads all of it.
 */
export class TelemetryCapture {
  readonly lines: string[] = [];
  readonly expositions: string[] = [];
  readonly errors: unknown[] = [];
  readonly exporter = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.exporter)] });

  /** A pino destination that keeps every line. */
  readonly sink = new Writable({
    write: (chunk: Buffer | string, _encoding, done) => {
      this.lines.push(String(chunk));
      done();
    },
  });

  /** Parsed log lines (pino writes one JSON object a line). */
  records(): Array<Record<string, unknown>> {
    return this.lines.flatMap((chunk) =>
      chunk
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
  }

  /** Every captured text, labelled by where it came from. */
  texts(): Array<{ where: string; text: string }> {
    const out: Array<{ where: string; text: string }> = [];
    for (const [i, text] of this.lines.entries()) out.push({ where: `log line ${i}`, text });
    for (const [i, text] of this.expositions.entries()) out.push({ where: `metric exposition ${i}`, text });
    for (const [i, span] of this.exporter.getFinishedSpans().entries()) {
      out.push({
        where: `span ${i} (${span.name})`,
        text: JSON.stringify({
          name: span.name,
          attributes: span.attributes,
          events: span.events,
          status: span.status,
          links: span.links,
          resource: span.resource.attributes,
        }),
      });
    }
    for (const [i, error] of this.errors.entries()) out.push({ where: `error ${i}`, text: describeError(error) });
    return out;
  }
}

/** An error's message, stack, toJSON() and its whole cause chain, as one text. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, current.stack ?? '');
      const json = (current as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') parts.push(JSON.stringify(json.call(current)));
      parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

export interface CanaryFinding {
  readonly where: string;
  readonly canary: string;
}

/** Where any canary appears in the captured texts (empty means nothing leaked). */
export function scanForCanaries(capture: TelemetryCapture, canaries: Record<string, string>): CanaryFinding[] {
  const findings: CanaryFinding[] = [];
  for (const { where, text } of capture.texts()) {
    for (const [canary, value] of Object.entries(canaries)) {
      if (text.includes(value)) findings.push({ where, canary });
    }
  }
  return findings;
}
