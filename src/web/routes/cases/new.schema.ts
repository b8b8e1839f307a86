import { z } from 'zod';
import { FEEDBACK_TYPES } from '../../../domain/cases/vocabulary.ts';
import { choice, dateInput, manyOf, requiredDateInput } from '../../forms.ts';

const optional = () => z.string().optional();

/** Feedback recorded by staff: what it is, how and when it came, and who gave it. */
export const newCaseForm = z
  .object({
    type: choice(FEEDBACK_TYPES, 'Choose the type of feedback'),
    channelId: z
      .string()
      .default('')
      .refine((v) => v !== '', 'Choose how the feedback came in'),
    receivedOn: requiredDateInput('Enter the date it was received'),
    eventsOn: dateInput(),
    childDob: dateInput(),
    givenName: optional(),
    familyName: optional(),
    email: optional(),
    phone: optional(),
    postcode: optional(),
    addressLine1: optional(),
    town: optional(),
    relationshipId: optional(),
    subject: optional(),
    description: optional(),
    outcomeWanted: optional(),
    teamId: optional(),
    /** After the matches are shown: an existing person's id, or "new". */
    personDecision: optional(),
    childGivenName: optional(),
    childFamilyName: optional(),
    serviceUserGroupId: optional(),
    childEthnicityId: optional(),
    lookedAfter: optional(),
    mainCategoryId: optional(),
    themeIds: manyOf(),
  })
  // Checked with the fields' own errors, so the summary lists every problem at once.
  .check(
    z.refine((b) => !!(b.givenName?.trim() || b.familyName?.trim()), {
      path: ['givenName'],
      message: 'Enter the name of the person giving feedback',
      when: () => true,
    }),
    z.refine((b) => !b.email?.trim() || z.email().safeParse(b.email.trim()).success, {
      path: ['email'],
      message: 'Enter an email address like name@example.com',
      when: () => true,
    }),
  );
