import { z } from 'zod';
import { text } from '../../forms.ts';

/** The publication threshold as typed: the service (PublicationSettingCommand) checks it. */
export const publicationSettingForm = z.object({ threshold: text() });
