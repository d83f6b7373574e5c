import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PeerCommand, PeerConfig } from './fixtures/fleet-peer.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

export interface FleetPeer {
  send<T = Record<string, unknown>>(command: PeerCommand): Promise<T>;
  /** Ends stdin and waits for the process; `killed` is true when it had to be killed (something kept it alive). */
  close(): Promise<{ killed: boolean }>;
}

/** A separate Node process running test/fixtures/fleet-peer.ts: one member of the fleet. */
export function startFleetPeer(config: PeerConfig): FleetPeer {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@mcpgw/source', '--import', 'tsx', 'test/fixtures/fleet-peer.ts', JSON.stringify(config)],
    { cwd: packageDir, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const pending = new Map<number, (value: Record<string, unknown>) => void>();
  let nextId = 1;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { id: number };
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return {
    send<T>(command: PeerCommand): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`peer did not answer ${command.cmd}`)), 60_000);
        pending.set(id, (value) => {
          clearTimeout(timer);
          if ('error' in value) reject(new Error(String(value.error)));
          else resolve(value as T);
        });
        child.stdin!.write(`${JSON.stringify({ id, ...command })}\n`);
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return { killed: child.signalCode !== null };
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const signal = await exited;
      clearTimeout(timer);
      return { killed: signal !== null };
    },
  };
}
