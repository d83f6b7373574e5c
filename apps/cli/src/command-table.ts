import type { Command } from './command.js';
import { demo } from './commands/demo.js';
import { health } from './commands/health.js';
import { invoke } from './commands/invoke.js';
import { load } from './commands/load.js';
import { serve } from './commands/serve.js';
import { serversGet, serversList } from './commands/servers.js';
import { toolsList } from './commands/tools.js';

/** Every command, in the order the help lists them. */
export const commands: readonly Command[] = [serversList, serversGet, toolsList, invoke, health, demo, serve, load];
