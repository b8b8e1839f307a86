import { z } from 'zod';
import { text } from '../../forms.ts';

/** The council's contact details and page texts as typed: the service (CouncilSettingsCommand) checks each. */
export const councilSettingsForm = z.object({
  phone: text(),
  email: text(),
  address: text(),
  hours: text(),
  privacyNotice: text(),
  accessibilityStatement: text(),
  cookiesText: text(),
});
