import type { IsoDate } from '../calendar/iso-date.ts';
import { addMonths } from './clock-engine.ts';

/**
 * A complaint should be made within 12 months of the events (or of the person
 * becoming aware of them); a later one is accepted only with a recorded reason
 * (2006 Regulations reg. 9; 2009 Regulations reg. 12).
 */
export type TimeLimitCheck = { late: false; limitOn: IsoDate } | { late: true; limitOn: IsoDate; monthsLate: number };

export function checkTimeLimit(eventsOn: IsoDate, receivedOn: IsoDate, months = 12): TimeLimitCheck {
  const limitOn = addMonths(eventsOn, months);
  if (receivedOn <= limitOn) return { late: false, limitOn };
  let monthsLate = 0;
  while (addMonths(limitOn, monthsLate + 1) <= receivedOn) monthsLate++;
  return { late: true, limitOn, monthsLate };
}
