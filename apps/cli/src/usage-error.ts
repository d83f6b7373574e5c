/** The command line itself is wrong (unknown command or flag, missing or malformed argument): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'MCPGW_USAGE';

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}
