import { z } from 'zod';
import { text } from '../../forms.ts';

/** The first administrator's account. */
export const setupForm = z
  .object({
    displayName: text(),
    email: text(),
    password: text(),
    confirmPassword: text(),
  })
  .refine((b) => b.password === b.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });
