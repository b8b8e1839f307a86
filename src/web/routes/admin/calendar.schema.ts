import { z } from 'zod';
import { dateInput, text } from '../../forms.ts';

export const closureDayForm = z.object({ date: dateInput(), description: text() });
