import { execFileSync, spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';

/**
 * Runs commands inside a fresh network namespace that has only `lo` up, so a peer that binds every interface (the
 * conformance suite's mock servers, server-everything) or might reach for the internet can reach nothing but
 * loopback. The namespace is also a pid namespace whose init is the command itself: when it ends, or is killed at
 * the time limit, the kernel ends every process it started (a peer left behind cannot outlive the run).
 */

/** Why commands cannot run in a loopback-only namespace here, or undefined when they can (root, unshare, ip). */
export function loopbackSkipReason(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (unshare -n needs CAP_SYS_ADMIN)';
  for (const tool of ['unshare', 'ip']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is missing (apt-get install -y util-linux iproute2)`;
    }
  }
  try {
    execFileSync('unshare', [...UNSHARE_ARGS, 'sh', '-c', LO_UP], { stdio: 'pipe', timeout: 10_000 });
  } catch (error) {
    return `unshare does not work here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
  return undefined;
}

const UNSHARE_ARGS = ['--net', '--pid', '--fork', '--kill-child'];

/**
 * Throws unless this process sees no network interface but `lo`: a peer that binds every interface is started only
 * after this check, so running its harness outside a namespace by mistake fails instead of exposing the peer.
 */
export function assertLoopbackOnly(): void {
  const interfaces = Object.keys(networkInterfaces());
  if (interfaces.length !== 1 || interfaces[0] !== 'lo') {
    throw new Error(
      `refusing to start a peer that binds every interface: interfaces ${interfaces.join(', ')} are visible (run it through runInLoopbackNamespace)`,
    );
  }
}
const LO_UP = 'ip link set lo up';

export interface NamespaceRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The command is killed (with everything it started) after this long; the result then says `timedOut`. */
  timeoutMs: number;
  /** Output kept per stream; more is dropped, so a chatty peer cannot grow this process without bound. */
  maxOutputBytes?: number;
}

export interface NamespaceRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `command args…` in a new loopback-only network namespace and collects its output. */
export function runInLoopbackNamespace(
  command: string,
  args: readonly string[],
  options: NamespaceRunOptions,
): Promise<NamespaceRunResult> {
  const limit = options.maxOutputBytes ?? 4 * 1024 * 1024;
  // `$0 "$@"` hands the command over without a second round of shell quoting.
  const child = spawn('unshare', [...UNSHARE_ARGS, 'sh', '-c', `${LO_UP} && exec "$0" "$@"`, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (stream: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size >= limit) return;
      chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    });
    return () => Buffer.concat(chunks).toString('utf8');
  };
  const stdout = collect(child.stdout!);
  const stderr = collect(child.stderr!);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: stdout(), stderr: stderr(), timedOut });
    });
  });
}
