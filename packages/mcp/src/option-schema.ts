import { booleanOption, countOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `McpClient`'s numeric and true/false options; the preset's schema and docs read them. */
export const mcpOptionSchema = {
  cacheToolResults: booleanOption(
    'Cache `tools/call` results of tools a trusted server marks read-only and closed-world.',
    false,
  ),
  // A server that keeps asking for input, or a stream cut over and over, is a loop: bound both.
  maxInputRounds: countOption('rounds', 'Rounds of `input_required` one call may take (2026-07-28).', 8, {
    min: 0,
    max: 100,
  }),
  maxResumptions: countOption('resumptions', 'Resumptions of one cut answer stream (2025 era).', 5, {
    min: 0,
    max: 100,
  }),
} as const;
