import type { Command } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { formatTable } from '../output/table.js';

interface Check {
  status?: unknown;
  latencyMs?: unknown;
  detail?: unknown;
}

export const health: Command = {
  name: 'health',
  args: '',
  arity: [0, 0],
  summary: 'readiness of the gateway (MCP: a ping) and of every dependency; exit 4 when unhealthy',
  options: {},
  help: [],
  async run(ctx) {
    const report = await (ctx.protocol === 'mcp' ? ctx.mcpClient() : ctx.client()).health();
    if (ctx.json) ctx.printJson(report);
    else {
      ctx.print(`status  ${report.status}\n`);
      const checks = Object.entries((report.checks ?? {}) as Record<string, Check>);
      if (checks.length > 0) {
        ctx.print(
          formatTable(checks, [
            { header: 'CHECK', value: ([name]) => name },
            { header: 'STATUS', value: ([, c]) => c.status },
            {
              header: 'MS',
              value: ([, c]) => (typeof c.latencyMs === 'number' ? c.latencyMs.toFixed(1) : undefined),
              right: true,
            },
            { header: 'DETAIL', value: ([, c]) => c.detail },
          ]),
        );
      }
    }
    return report.status === 'unhealthy' ? exitCodes.unavailable : exitCodes.ok;
  },
};
