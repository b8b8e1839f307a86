import { z } from 'zod';
import { text } from '../../forms.ts';

/** A legal hold's reason as typed: the service (HoldCommand) checks it. */
export const holdForm = z.object({ holdReason: text() }).transform((v) => ({ reason: v.holdReason }));

/** Which hold to lift, and why. */
export const liftHoldForm = z.object({ holdId: text(), liftReason: text() });
