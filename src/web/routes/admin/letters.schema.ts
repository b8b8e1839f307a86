import { z } from 'zod';
import { text } from '../../forms.ts';

export const letterTemplateForm = z.object({ subject: text(), body: text() });
