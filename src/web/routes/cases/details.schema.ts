import { z } from 'zod';
import { dateInput, manyOf, textOrNull } from '../../forms.ts';

/** The case's subject and classification. */
export const detailsForm = z.object({
  subject: z.string().default(''),
  mainCategoryId: textOrNull(),
  themeIds: manyOf(),
  outcomeWanted: textOrNull(),
});

/** A person on the case; which fields apply depends on their part (a complainant's relationship, a child's group). */
export const personForm = z.object({
  givenName: z.string().default(''),
  familyName: z.string().default(''),
  email: textOrNull(),
  phone: textOrNull(),
  addressLine1: textOrNull(),
  town: textOrNull(),
  postcode: textOrNull(),
  dateOfBirth: dateInput(),
  ethnicityId: textOrNull(),
  relationshipId: textOrNull(),
  serviceUserGroupId: textOrNull(),
  lookedAfter: z
    .string()
    .optional()
    .transform((v) => (v === 'yes' ? true : v === 'no' ? false : null)),
});
