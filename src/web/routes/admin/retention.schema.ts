import { z } from 'zod';
import { text } from '../../forms.ts';

/** A retention rule as typed: the service (RetentionRuleCommand) checks it. */
export const retentionRuleForm = z.object({ caseType: text(), outcome: text(), years: text(), reason: text() });

/** The disposal run: only with the box ticked that says the administrator has read the preview. */
export const disposalForm = z.object({
  confirm: z.literal('yes', { error: 'Tick the box to confirm you have checked the preview' }),
});

/** Which rule to remove, and why (kept in the audit trail). */
export const removeRuleForm = z.object({ ruleId: text(), removeReason: text() });
