import { z } from 'zod';
import { CLOCK_EVENT_KINDS, CLOCK_NAMES } from '../../../domain/timescales/clock-names.ts';
import { choice, dateInput, text } from '../../forms.ts';

/** Something that happened to one of a case's clocks: an extension, a pause, a restart. */
export const clockEventForm = z.object({
  on: dateInput(),
  to: dateInput(),
  agreedOn: dateInput(),
  clock: choice(CLOCK_NAMES, 'Select the clock'),
  kind: choice(CLOCK_EVENT_KINDS, 'Select what happened'),
  days: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? Number(v) : null)),
  reason: text(),
  complainantAgreed: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});
