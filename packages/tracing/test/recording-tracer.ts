import {
  type Attributes,
  type AttributeValue,
  type Span,
  type SpanContext,
  type SpanStatus,
  TraceFlags,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/** What a finished span said: everything an exporter would send. */
export interface RecordedSpan {
  name: string;
  attributes: Attributes;
  status: SpanStatus | undefined;
  events: Array<{ name: string; attributes: Attributes | undefined }>;
  ended: boolean;
}

/**
 * A tracer provider on `@opentelemetry/api` alone that records every span whole, so a test sees exactly what the
 * layer handed to OTel, whichever SDK version the workspace has.
 */
export class RecordingTracerProvider implements TracerProvider {
  readonly spans: RecordedSpan[] = [];
  #next = 1;

  getTracer(): Tracer {
    const startSpan = (name: string, options: { attributes?: Attributes } = {}): Span => {
      const record: RecordedSpan = {
        name,
        attributes: { ...options.attributes },
        status: undefined,
        events: [],
        ended: false,
      };
      this.spans.push(record);
      const id = (this.#next++).toString(16).padStart(16, '0');
      const spanContext: SpanContext = { traceId: id.padStart(32, '0'), spanId: id, traceFlags: TraceFlags.SAMPLED };
      const span: Span = {
        spanContext: () => spanContext,
        setAttribute: (key: string, value: AttributeValue) => {
          record.attributes[key] = value;
          return span;
        },
        setAttributes: (attributes: Attributes) => {
          Object.assign(record.attributes, attributes);
          return span;
        },
        addEvent: (eventName: string, attributes?: unknown) => {
          record.events.push({ name: eventName, attributes: attributes as Attributes | undefined });
          return span;
        },
        addLink: () => span,
        addLinks: () => span,
        setStatus: (status: SpanStatus) => {
          record.status = status;
          return span;
        },
        updateName: (newName: string) => {
          record.name = newName;
          return span;
        },
        end: () => {
          record.ended = true;
        },
        isRecording: () => !record.ended,
        recordException: (exception: unknown) => {
          record.events.push({ name: 'exception', attributes: { message: String(exception) } });
        },
      };
      return span;
    };
    return {
      startSpan,
      startActiveSpan: (() => {
        throw new Error('not used by the layer');
      }) as Tracer['startActiveSpan'],
    };
  }
}
