import type { ConfigIssue } from '@mcpgw/core';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * zod's issues as `ConfigIssue`s: one per field, the path dotted (`retry.maxAttempts`), the message saying what
 * is expected. A `false | {...}` union reports the problems inside the object the user wrote, not "expected false".
 */
export function configIssuesFrom(error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  collect(error.issues, [], out);
  return out;
}

function collect(issues: readonly Issue[], prefix: readonly PropertyKey[], out: ConfigIssue[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const matched = issue.errors.filter((branch) => branch.every((i) => !isTypeMismatch(i)));
      if (matched.length === 1 && matched[0] !== undefined) {
        collect(matched[0], path, out);
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: dotted([...path, key]), message: 'is not an option here: check its spelling and place' });
      }
      continue;
    }
    out.push({ path: dotted(path), message: issue.message });
  }
}

/** An issue at the value itself that says the value is of another kind than this branch takes. */
function isTypeMismatch(issue: Issue): boolean {
  return (
    issue.path.length === 0 &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')
  );
}

function dotted(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'options' : path.map(String).join('.');
}
