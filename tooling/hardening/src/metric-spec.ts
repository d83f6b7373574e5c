/**
 * A metric expectation as written in the chaos matrix: `name{label="value",...}`, optionally followed by
 * `>= N` or `= N` (default `>= 1`). It holds when some sample of that name carries at least those labels and its
 * value satisfies the comparison.
 */
export interface MetricSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly comparison: '>=' | '=';
  readonly value: number;
}

const SPEC = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?(?:\s*(>=|=)\s*(\d+(?:\.\d+)?))?$/;
const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetricSpec(text: string): MetricSpec {
  const match = SPEC.exec(text.trim());
  if (match === null) throw new Error(`not a metric spec: ${text}`);
  return {
    name: match[1]!,
    labels: parseLabels(match[2] ?? ''),
    comparison: (match[3] as '>=' | '=' | undefined) ?? '>=',
    value: match[4] === undefined ? 1 : Number(match[4]),
  };
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(LABEL)) labels[m[1]!] = m[2]!;
  return labels;
}

/** Samples of a Prometheus text exposition that match the spec's name and labels. */
export function matchingSamples(exposition: string, spec: MetricSpec): number[] {
  const values: number[] = [];
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (sample === null || sample[1] !== spec.name) continue;
    const labels = parseLabels(sample[2] ?? '');
    if (Object.entries(spec.labels).every(([k, v]) => labels[k] === v)) values.push(Number(sample[3]));
  }
  return values;
}

export function specHolds(expositions: readonly string[], spec: MetricSpec): boolean {
  const values = expositions.flatMap((text) => matchingSamples(text, spec));
  return values.some((v) => (spec.comparison === '=' ? v === spec.value : v >= spec.value));
}
