import { z } from 'zod';
import { ROLES } from '../../../domain/access/roles.ts';
import { choice, text, textOrNull } from '../../forms.ts';

export const newUserForm = z.object({
  role: choice(ROLES, 'Select a role'),
  displayName: text(),
  email: text(),
  password: text(),
  teamId: textOrNull(),
});

/** A change to an account: a blank password leaves it as it is. */
export const userChangeForm = z.object({
  role: choice(ROLES, 'Select a role'),
  active: z
    .string()
    .optional()
    .transform((v) => v !== 'no'),
  password: z
    .string()
    .optional()
    .transform((v) => v || undefined),
});
