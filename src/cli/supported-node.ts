/** The oldest Node.js major release Heard supports (package.json's engines says the same). */
export const OLDEST_SUPPORTED_NODE = 22;

/**
 * A warning for a Node.js older than Heard supports, or null. Heard still
 * tries to run (Node 20 works today), but an operator should know that the
 * runtime gets no security fixes and that a later Heard may not start on it.
 */
export function unsupportedNodeWarning(version: string): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major) || major >= OLDEST_SUPPORTED_NODE) return null;
  return (
    `Warning: Heard supports Node.js ${OLDEST_SUPPORTED_NODE} or later (24 recommended); this is Node.js ${version.replace(/^v/, '')}, ` +
    'which no longer gets security fixes. Heard may still work, but upgrade Node.js (see "Run it" in the README).'
  );
}
