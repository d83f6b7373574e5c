import { FleetSyncError } from './fleet-sync-error.js';

/** What one sync learned: the fleet's window, this process's grant and the circuits open fleet-wide. */
export interface SyncReply {
  readonly members: number;
  readonly requests: number;
  readonly retries: number;
  readonly grant: number;
  readonly grantSlot: number;
  /** Upstream and the ms it stays open, as Redis counted them at the sync. */
  readonly open: ReadonlyArray<readonly [string, number]>;
}

/** Longest upstream key read back (an origin, or an origin and an operation name). */
export const MAX_UPSTREAM_LENGTH = 512;

/**
 * Checks the script's answer before anything reads it: a Redis that is not ours (or a script of another version)
 * gets a typed error, never a crash or an allocation sized by what it sent.
 */
export function readSyncReply(raw: unknown, maxUpstreams: number): SyncReply {
  if (!Array.isArray(raw) || raw.length < 5 || raw.length > 5 + 2 * maxUpstreams || raw.length % 2 === 0) {
    throw new FleetSyncError('unreadable sync reply from redis (another version of the script?)');
  }
  const [members, requests, retries, grant, grantSlot] = raw.slice(0, 5).map(count);
  const open: Array<readonly [string, number]> = [];
  for (let i = 5; i < raw.length; i += 2) {
    const upstream = raw[i];
    const ms = count(raw[i + 1]);
    if (typeof upstream !== 'string' || upstream.length === 0 || upstream.length > MAX_UPSTREAM_LENGTH) {
      throw new FleetSyncError('unreadable upstream in the sync reply from redis');
    }
    if (ms > 0) open.push([upstream, ms]);
  }
  return { members: members!, requests: requests!, retries: retries!, grant: grant!, grantSlot: grantSlot!, open };
}

function count(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new FleetSyncError('unreadable figure in the sync reply from redis');
  }
  return value;
}
