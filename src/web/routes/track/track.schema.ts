import { z } from 'zod';

/** The reference, as typed: what it matches is the service's business, and it never says. */
export const trackReferenceForm = z.object({
  reference: z
    .string({ error: 'Enter your reference number' })
    .trim()
    .min(1, 'Enter your reference number')
    .max(40, 'Enter your reference number as it was given to you, like CS-2025-00123'),
});

/** The code from the email: six digits (spaces people type are dropped). */
export const trackCodeForm = z.object({
  code: z
    .string({ error: 'Enter the code we sent you' })
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the code we sent you')
        .regex(/^[0-9]{6}$/, 'The code is 6 numbers, like 123456'),
    ),
});
