import { z } from 'zod';
import { text } from '../../forms.ts';

/** The letter's figures as typed: the service (OmbudsmanLetterCommand) checks them. */
export const ombudsmanLetterForm = z.object({
  received: text(),
  detailedInvestigations: text(),
  upheld: text(),
  compliancePercent: text(),
  satisfactoryRemedy: text(),
});
