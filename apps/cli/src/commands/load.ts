import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

export const load: Command = {
  name: 'load',
  args: '',
  arity: [0, 0],
  summary: 'run the open-loop load harness (@mcpgw/bench)',
  options: {},
  help: [],
  async run() {
    throw new UsageError('load is not available in this build: the load harness (@mcpgw/bench) is missing');
  },
};
