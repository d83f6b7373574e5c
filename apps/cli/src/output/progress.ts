import type { Writable } from 'node:stream';

export interface Progress {
  /** Replaces the current progress line. */
  update(text: string): void;
  /** Clears the progress line. */
  done(): void;
}

const silent: Progress = { update() {}, done() {} };

/**
 * Progress on stderr, only on a terminal (or when asked with --progress), so that piped stdout and scripted
 * stderr stay clean. Updates are throttled to a few per second.
 */
export function createProgress(stderr: Writable & { isTTY?: boolean }, forced: boolean): Progress {
  if (!forced && stderr.isTTY !== true) return silent;
  const tty = stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      stderr.write(tty ? `\r\u001b[2K${text}` : `${text}\n`);
    },
    done() {
      if (shown && tty) stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}
