import { runDemo } from './demo.js';

const [command = 'help'] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'demo':
      return runDemo(process.stdout);
    default:
      process.stdout.write('usage: mcpgw demo\n');
      return command === 'help' ? 0 : 2;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mcpgw: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
