import { z } from 'zod';
import { ALL_BLOCK_KEYS } from '../../../reports/text-blocks.ts';
import { blockField } from '../../../services/report-texts.ts';
import { choice, manyOf, text } from '../../forms.ts';

/** The report's text as typed: every block's field, the draft / final choice and the learning chosen. */
export const reportTextsForm = z.object({
  ...Object.fromEntries(ALL_BLOCK_KEYS.map((k) => [blockField(k), text()])),
  status: choice(['draft', 'final'], 'Choose whether the text is a draft or final'),
  learning: manyOf(),
});
