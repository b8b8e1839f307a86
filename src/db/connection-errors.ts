/**
 * Errors that mean the database could not be reached or dropped the
 * connection (a restart, a failover, an administrator ending sessions), as
 * opposed to a fault in Heard or in the request. A request that meets one is
 * answered "service unavailable", and the pool opens new connections for the
 * next. Drizzle wraps the driver's error, so the whole `cause` chain is read.
 */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /not queryable/i,
  /Client was closed/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection/i,
];

/** The error and the errors it wraps (`cause`), a few deep, with their codes. */
function* causes(error: unknown): Generator<{ code: string | undefined; message: string }> {
  for (
    let e: unknown = error, depth = 0;
    e instanceof Error && depth < 5;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    const code = (e as { code?: unknown }).code;
    yield { code: typeof code === 'string' ? code : undefined, message: e.message };
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const { code, message } of causes(error)) {
    if (code && (CONNECTION_SQLSTATES.has(code) || CONNECTION_CODES.has(code))) return true;
    if (CONNECTION_MESSAGES.some((m) => m.test(message))) return true;
  }
  return false;
}

/**
 * SQLSTATE class 22, "data exception": a value the database could not take as
 * its column's type (not a uuid, not a date, out of range). It reaches the
 * database only when a request carried it, so it is the request's fault.
 */
export function isInvalidInputForDatabase(error: unknown): boolean {
  for (const { code } of causes(error)) if (code && /^22[0-9A-Z]{3}$/.test(code)) return true;
  return false;
}

/**
 * SQLSTATE 23503, "foreign key violation": a row named by its id that is not
 * there (a team, a member of staff or a theme chosen on a form, since
 * removed, or an id made up). Services check what they can; this is the net
 * under them, so a made-up id is the request's fault, never a crash.
 */
export function isUnknownReference(error: unknown): boolean {
  for (const { code } of causes(error)) if (code === '23503') return true;
  return false;
}
