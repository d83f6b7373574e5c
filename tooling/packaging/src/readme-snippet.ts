import { readFileSync } from 'node:fs';

/** The first ```js block under the README's `## Install` heading: the snippet a new user copies. */
export function installSnippet(readmePath: string): string {
  const readme = readFileSync(readmePath, 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Install'));
  const code = section === undefined ? undefined : /^```js\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (code === undefined) throw new Error(`${readmePath}: no \`\`\`js block under "## Install"`);
  return code;
}
