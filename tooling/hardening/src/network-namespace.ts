import { type ChildProcess, execFileSync, spawn } from 'node:child_process';

/** Why real network faults cannot run here, or undefined when they can (root, `ip netns`, `nft`, `tc`). */
export function networkFaultSkipReason(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_NET_ADMIN)';
  for (const tool of ['ip', 'nft', 'tc']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is missing (apt-get install -y iproute2 nftables)`;
    }
  }
  const probe = `mcpgw-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
  } catch (error) {
    return `ip netns does not work here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
  return undefined;
}

function run(args: string[], input?: string): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], input });
}

/**
 * A network namespace joined to this one by a veth pair, addressed from a private /30 of its own: the host side
 * is `.1`, the namespace side `.2`. Faults are nftables rules and tc qdiscs inside the namespace, so nothing on
 * the machine's own interfaces changes. `destroy()` removes all of it (and is safe to call twice).
 */
export class NetworkNamespace {
  readonly name: string;
  readonly hostAddress: string;
  readonly nsAddress: string;
  readonly #hostIf: string;
  readonly #nsIf: string;
  #children: ChildProcess[] = [];

  constructor() {
    const id = process.pid % 10_000;
    this.name = `mcpgw-hard-${process.pid}`;
    this.#hostIf = `mh${id}a`;
    this.#nsIf = `mh${id}b`;
    const third = (process.pid % 200) + 20;
    this.hostAddress = `10.231.${third}.1`;
    this.nsAddress = `10.231.${third}.2`;
  }

  get nsInterface(): string {
    return this.#nsIf;
  }

  create(): void {
    run(['ip', 'netns', 'add', this.name]);
    run(['ip', 'link', 'add', this.#hostIf, 'type', 'veth', 'peer', 'name', this.#nsIf]);
    run(['ip', 'link', 'set', this.#nsIf, 'netns', this.name]);
    run(['ip', 'addr', 'add', `${this.hostAddress}/30`, 'dev', this.#hostIf]);
    run(['ip', 'link', 'set', this.#hostIf, 'up']);
    this.exec(['ip', 'addr', 'add', `${this.nsAddress}/30`, 'dev', this.#nsIf]);
    this.exec(['ip', 'link', 'set', this.#nsIf, 'up']);
    this.exec(['ip', 'link', 'set', 'lo', 'up']);
  }

  exec(args: string[], input?: string): void {
    run(['ip', 'netns', 'exec', this.name, ...args], input);
  }

  /** Replaces the namespace's nftables ruleset with `rules` (an `nft -f` script body), or clears it. */
  setNftRules(rules: string | undefined): void {
    this.exec(['nft', 'flush', 'ruleset']);
    if (rules !== undefined) this.exec(['nft', '-f', '-'], rules);
  }

  /** A tbf bandwidth limit on the namespace side's egress (the answers), or none. */
  setBandwidth(tbf: string[] | undefined): void {
    try {
      this.exec(['tc', 'qdisc', 'del', 'dev', this.#nsIf, 'root']);
    } catch {
      // no qdisc yet
    }
    if (tbf !== undefined) this.exec(['tc', 'qdisc', 'add', 'dev', this.#nsIf, 'root', 'tbf', ...tbf]);
  }

  /** Starts gateway-sim inside the namespace; resolves with its URL once it listens. */
  async startGatewaySim(cwd: string, extraArgs: string[] = []): Promise<string> {
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.name,
        process.execPath,
        '--conditions=@mcpgw/source',
        '--import',
        'tsx',
        'apps/gateway-sim/src/cli.ts',
        '--host',
        this.nsAddress,
        '--port',
        '0',
        ...extraArgs,
      ],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#children.push(child);
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`gateway-sim did not start in the namespace:\n${output}`)),
        30_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`gateway-sim exited (${code}):\n${output}`));
      });
    });
  }

  async destroy(): Promise<void> {
    await Promise.all(
      this.#children.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    for (const args of [
      ['ip', 'netns', 'del', this.name],
      ['ip', 'link', 'del', this.#hostIf],
    ]) {
      try {
        run(args);
      } catch {
        // already gone
      }
    }
  }
}
