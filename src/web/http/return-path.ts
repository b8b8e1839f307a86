/**
 * Where to send someone back to after signing in. Only a path on this site is
 * accepted: it must start with one `/` (never `//` or `/\`, which browsers
 * read as another host), and contain only printable ASCII, so no control
 * character, tab, backslash or non-Latin-1 character can reach the Location
 * header (Node refuses to send those, and a tab is dropped by browsers, which
 * turns `/\t/evil.example` into `//evil.example`). A request's own URL always
 * passes: Node gives it to us percent-encoded.
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.includes('\\')) return fallback;
  // Parse it as a browser would, against a stand-in origin: it must stay on that origin.
  const origin = 'http://heard.invalid';
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  return url.origin === origin ? value : fallback;
}
