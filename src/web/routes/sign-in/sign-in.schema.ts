import { z } from 'zod';

export const signInForm = z.object({
  email: z
    .string()
    .default('')
    .transform((v) => v.trim())
    .refine((v) => v !== '', 'Enter your email address'),
  password: z
    .string()
    .default('')
    .refine((v) => v !== '', 'Enter your password'),
});
