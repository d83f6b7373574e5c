import { readFileSync } from 'node:fs';

/** Markdown text with fenced code blocks blanked out, so examples inside them are not read as links or anchors. */
export function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Explicit `<a id="...">` anchors and GitHub's slugs of the headings. */
export function anchorsOf(markdown: string): Set<string> {
  const text = withoutCodeBlocks(markdown);
  const anchors = new Set<string>();
  for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] as string);
  const seen = new Map<string, number>();
  for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = githubSlug(match[1] as string);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** GitHub's heading slug: lower case, markup and punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/<[^>]*>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Targets of inline markdown links and `href`s that are relative (no scheme, not protocol-relative). */
export function relativeLinksOf(markdown: string): string[] {
  const text = withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] as string),
    ...[...text.matchAll(/href="([^"]+)"/g)].map((m) => m[1] as string),
  ];
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//'));
}

/** The text between an explicit anchor and the next explicit anchor or same-or-higher heading. */
export function sectionAfterAnchor(markdown: string, anchor: string): string | undefined {
  const start = markdown.indexOf(`<a id="${anchor}"`);
  if (start < 0) return undefined;
  const rest = markdown.slice(start + 1);
  const next = rest.search(/<a id="|^#{1,2}\s/m);
  return next < 0 ? rest : rest.slice(0, next);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
