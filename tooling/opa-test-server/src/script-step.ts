/** One scripted answer for the next decision request; after the script runs out, the server answers normally. */
export type ScriptStep =
  /** Answer with this status and body (an object is sent as JSON, a string as is). */
  | { status: number; body?: unknown }
  /** hang: never answer; reset: destroy the socket; slow: wait delayMs, then answer normally. */
  | { fault: 'hang' | 'reset' | 'slow'; delayMs?: number }
  /** Answer {"result": result}. */
  | { result: unknown }
  /** Answer {} (the document is undefined). */
  | { undefined: true };
