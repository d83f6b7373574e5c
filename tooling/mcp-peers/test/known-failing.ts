/**
 * Real-peer cases our client does not pass yet, each with the reason (details in ../FINDINGS.md). Each one still
 * runs, and its test expects it to fail: when a fix makes it pass, that test fails and says to remove the entry, so
 * this list cannot quietly go stale. Keys: `<spec version> <scenario>` for the conformance suite,
 * `server-everything <protocolVersion>` for the server-everything session.
 */
export const knownFailing: Readonly<Record<string, string>> = {};
