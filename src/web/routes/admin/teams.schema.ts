import { z } from 'zod';
import { ORG_UNIT_KINDS } from '../../../domain/organisation/org-units.ts';
import { choice, dateInput, requiredDateInput, text, textOrNull } from '../../forms.ts';

export const newOrgUnitForm = z.object({
  kind: choice(ORG_UNIT_KINDS, 'Select what you are adding'),
  openedOn: dateInput().transform((v) => v ?? undefined),
  name: text(),
  parentId: textOrNull(),
});

export const renameForm = z.object({
  from: requiredDateInput('Enter the date the new name applies from'),
  name: text(),
});

export const closeForm = z.object({
  closedOn: requiredDateInput('Enter the date it closed'),
  successorId: textOrNull(),
});
