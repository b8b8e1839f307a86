/**
 * Expected failures carry a stable code (for the API and tests) and a message
 * a person can act on; `field` names the form field at fault, so a page can
 * link its error summary to it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do that') {
    super('FORBIDDEN', message);
  }
}

/** Many field errors at once, in the order the form shows them. */
export class ValidationError extends DomainError {
  constructor(readonly fieldErrors: { field: string; message: string }[]) {
    super('VALIDATION', fieldErrors[0]?.message ?? 'Check the form', fieldErrors[0]?.field);
  }
}

/**
 * A request that would start more work for one person than they may have under way at once (reports being
 * worked out): answered 429 with the message, which says what to do.
 */
export class TooManyAtOnceError extends DomainError {
  /** A refusal, not a failure: a build it stopped is not a warning (src/reports/cache.ts). */
  readonly expected = true;
  constructor(code: string, message: string) {
    super(code, message);
  }
}
