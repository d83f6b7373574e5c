import type { CallSoakSummary } from './call-soak-run.js';

const cell = (value: number) => value.toLocaleString('en-US');

/** The soak's summary as markdown: settings, accounting, outcomes by kind, memory over the run, handles at the end. */
export function callSoakMarkdown(summary: CallSoakSummary): string {
  const { result, checks, task } = summary;
  const lines = [
    `# Call soak: ${cell(result.made)} calls through the preset`,
    '',
    `\`${summary.command}\` on Node ${result.node}, commit ${summary.commit ?? 'unknown'}, started ${summary.startedAt}; ` +
      `1-minute load average ${summary.loadAverage.start} at the start, ${summary.loadAverage.end} at the end.`,
    summary.uncommitted.length === 0
      ? 'No uncommitted change under packages/ or apps/.'
      : `Uncommitted under packages/ and apps/ at the start: ${summary.uncommitted.map((f) => `\`${f.trim()}\``).join(', ')}.`,
    `${task.workers} concurrent callers; gateway-sim in its own process; a sample every ${cell(task.sampleEvery)} calls` +
      `${result.gcForced ? ' after a forced GC' : ' (no --expose-gc: heap figures include garbage)'}.`,
    '',
    '## Accounting',
    '',
    '| requested | made | successes | typed errors | untyped errors | stopped by | elapsed | calls/s |',
    '| --: | --: | --: | --: | --: | --- | --: | --: |',
    `| ${cell(result.requested)} | ${cell(result.made)} | ${cell(result.successes)} | ${cell(result.typedErrors)} | ` +
      `${cell(result.untypedErrors)} | ${result.stoppedBy} | ${Math.round(result.elapsedMs / 1000)} s | ${cell(result.callsPerSec)} |`,
    '',
    `Every call accounted for: **${checks.accounted ? 'yes' : 'no'}**; every requested call made: ` +
      `**${checks.complete ? 'yes' : 'no'}**` +
      `${result.firstUntyped === undefined ? '' : ` (first untyped error: ${result.firstUntyped})`}. ` +
      `503s scripted on the simulator: ${cell(result.injected503)}.`,
    '',
    '| kind | successes | typed errors by code |',
    '| --- | --: | --- |',
    ...result.byKind.map(
      (k) =>
        `| ${k.kind} | ${cell(k.ok)} | ${
          Object.entries(k.errors)
            .map(([code, n]) => `${code} ${cell(n)}`)
            .join(', ') || '–'
        } |`,
    ),
    '',
    '## Memory over the run',
    '',
    `Heap used at 25 %: ${checks.heapAt25Mb} MB, at 50 %: ${checks.heapAt50Mb} MB, at the end: ${checks.heapAtEndMb} MB; ` +
      `RSS at most ${checks.rssMaxMb} MB.`,
    '',
    '| calls | t (s) | heap used (MB) | RSS (MB) | external (MB) | active resources |',
    '| --: | --: | --: | --: | --: | --: |',
    ...result.samples.map(
      (s) => `| ${cell(s.calls)} | ${s.t} | ${s.heapUsedMb} | ${s.rssMb} | ${s.externalMb} | ${s.resources} |`,
    ),
    '',
    '## Handles',
    '',
    `process.getActiveResourcesInfo() before the client existed: ${describe(result.resourcesBefore)}; after close(): ` +
      `${describe(result.resourcesAfterClose)}. Back to baseline: **${checks.handlesAtBaseline ? 'yes' : 'no'}**` +
      `${checks.handlesAtBaseline ? '' : ` (left open: ${describe(checks.handlesLeftOpen)})`}.`,
    '',
  ];
  return lines.join('\n');
}

function describe(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([type, n]) => `${type} ${n}`).join(', ');
}
