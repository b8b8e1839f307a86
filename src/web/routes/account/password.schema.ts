import { z } from 'zod';
import { text } from '../../forms.ts';

/** Changing one's own password: the service checks each field and says what is wrong. */
export const passwordChangeForm = z.object({
  currentPassword: text().catch(''),
  newPassword: text().catch(''),
  confirmPassword: text().catch(''),
});
