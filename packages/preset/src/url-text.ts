/**
 * A URL the user wrote, fit to quote in an error: without its userinfo (`user:password@`) and without its query and
 * fragment (tokens live there), even when it does not parse. Cut to `maxLength` characters.
 */
export function urlTextWithoutCredentials(raw: string, maxLength = 80): string {
  const cut = raw.search(/[?#]/);
  let text = cut < 0 ? raw : `${raw.slice(0, cut)}${raw[cut]}[redacted]`;
  const end = cut < 0 ? text.length : cut;
  const at = text.lastIndexOf('@', end);
  if (at >= 0) {
    const scheme = text.indexOf('//');
    const from = scheme >= 0 && scheme < at ? scheme + 2 : 0;
    text = `${text.slice(0, from)}[redacted]@${text.slice(at + 1)}`;
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
