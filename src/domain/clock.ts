/**
 * The only way domain and service code learns the time. Production passes the
 * system clock; tests pass a fixed one.
 */
export interface Clock {
  now(): Date;
}

export function fixedClock(instant: Date | string): Clock {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return { now: () => new Date(at.getTime()) };
}
