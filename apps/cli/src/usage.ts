import type { Command } from './command.js';
import { globalHelp } from './global-options.js';

function usageLine(command: Command): string {
  const args = command.args === '' ? '' : ` ${command.args}`;
  const flags = command.help.length === 0 ? '' : ' [options]';
  return `mcpgw ${command.name}${args}${flags}`;
}

/** The overview printed by `mcpgw help` (stdout, exit 0) and by `mcpgw` alone or an unknown command (stderr, exit 2). */
export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => usageLine(c).length));
  const lines = [
    'usage: mcpgw <command> [arguments] [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${usageLine(c).padEnd(width)}  ${c.summary}`),
    '',
    'options for every command:',
    ...globalHelp.map((h) => `  ${h}`),
    '',
    "run 'mcpgw <command> --help' for a command's options, 'mcpgw --version' for the version; exit codes are in the README",
  ];
  return `${lines.join('\n')}\n`;
}

export function commandHelp(command: Command): string {
  const lines = [`usage: ${usageLine(command)}`, '', command.summary];
  if (command.help.length > 0) lines.push('', 'options:', ...command.help.map((h) => `  ${h}`));
  lines.push('', 'options for every command:', ...globalHelp.map((h) => `  ${h}`));
  return `${lines.join('\n')}\n`;
}
