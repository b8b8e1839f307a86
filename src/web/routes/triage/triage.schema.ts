import { z } from 'zod';
import { FEEDBACK_TYPES } from '../../../domain/cases/vocabulary.ts';
import { isProcedureKey } from '../../../domain/procedures/registry.ts';
import { TRIAGE_DECISIONS } from '../../../domain/intake/triage.ts';
import { choice, dateInput, manyOf, textOrNull } from '../../forms.ts';

/** Triage: what the feedback is, which procedure, the dates that matter, and what happens next. */
export const triageForm = z
  .object({
    eventsOn: dateInput(),
    advocacyOfferedOn: dateInput(),
    consentObtainedOn: dateInput(),
    acknowledgedOn: dateInput(),
    decision: choice(TRIAGE_DECISIONS, 'Choose what happens next'),
    // The page always has one checked: only a crafted request sends none.
    type: choice(FEEDBACK_TYPES, 'Choose the type of feedback'),
    typeReason: z.string().optional(),
    // Procedures are definitions (src/domain/procedures), so the choice is checked against the registry.
    procedure: z
      .string()
      .nullish()
      .transform((v) => (isProcedureKey(v) ? v : null)),
    procedureReason: z.string().optional(),
    signposting: z.string().optional(),
    lateAcceptanceReason: z.string().optional(),
    advocacyResponse: z.string().optional(),
    consentNote: z.string().optional(),
    teamId: textOrNull(),
    investigatingManagerId: textOrNull(),
    mainCategoryId: textOrNull(),
    themeIds: manyOf(),
    version: z.string().optional(),
  })
  .transform(({ version, mainCategoryId, themeIds, ...triage }) => ({
    ...triage,
    classification: { mainCategoryId, themeIds },
    expectedVersion: Number(version) || undefined,
  }));
