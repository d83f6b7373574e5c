import type { Command } from '../command.js';
import { runDemo } from './demo-story.js';

export const demo: Command = {
  name: 'demo',
  args: '',
  arity: [0, 0],
  summary: 'the whole story in seconds: embedded gateway simulator and OPA, cache, deny, outage; REST and MCP',
  options: {},
  help: [],
  run: (ctx) => runDemo(ctx.io.stdout),
};
