import type { Clock } from '../domain/clock.ts';

/** The real clock, for production wiring only; everything else is handed a Clock. */
export const systemClock: Clock = { now: () => new Date() };
