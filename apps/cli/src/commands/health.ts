import type { Command } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { formatRecord } from '../output/table.js';

function summary(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'status' in value) return (value as { status: unknown }).status;
  return value;
}

export const health: Command = {
  name: 'health',
  args: '',
  arity: [0, 0],
  summary: 'readiness of the gateway and of every dependency; exit 4 when unhealthy',
  options: {},
  help: [],
  async run(ctx) {
    const report = await ctx.client().health();
    if (ctx.json) ctx.printJson(report);
    else {
      const { status, ...parts } = report;
      ctx.print(formatRecord([['status', status], ...Object.entries(parts).map(([k, v]) => [k, summary(v)] as const)]));
    }
    return report.status === 'unhealthy' ? exitCodes.unavailable : exitCodes.ok;
  },
};
