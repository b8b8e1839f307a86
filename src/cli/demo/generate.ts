import { generateArrivals } from './phases/arrivals.ts';
import { generateCases } from './phases/cases.ts';
import { generateComplainants } from './phases/complainants.ts';
import { demoContext, type DemoData, type DemoOptions } from './phases/context.ts';
import { generateContextFigures } from './phases/context-figures.ts';
import { generateStaff } from './phases/staff.ts';
import { generateOrganisation } from './phases/teams.ts';

export type { DemoData, DemoOptions, DemoUser } from './phases/context.ts';

/**
 * The demo council, the same for the same options on every machine: its rows are made in
 * phases, in this order, all drawing from one seeded random source (so a phase's draws
 * must stay where they are; src/cli/demo/generate.test.ts checks the result is unchanged).
 *
 *   1. the organisation: directorate, services and teams          phases/teams.ts
 *   2. staff: the complaints team, managers, readers              phases/staff.ts
 *   3. people: complainants and their children                    phases/complainants.ts
 *   4. arrivals: when each piece of feedback came in, its type    phases/arrivals.ts
 *   5. cases, oldest first: the record, then as far as its type   phases/cases.ts
 *      takes it: a compliment; who and what feedback is about;    phases/compliments.ts, feedback.ts
 *      a complaint's procedure; Stage 1 and its investigations,   phases/procedure.ts, stage1.ts, investigations.ts
 *      learning and remedies; Stages 2 and 3; the Ombudsman       phases/remedies.ts, escalation.ts, ombudsman.ts
 *   6. context figures for rates per 1,000 children               phases/context-figures.ts
 */
export function generateDemoData(opts: DemoOptions): DemoData {
  const ctx = demoContext(opts);
  const org = generateOrganisation(ctx);
  const staff = generateStaff(ctx, org);
  const pickComplainant = generateComplainants(ctx);
  const arrivals = generateArrivals(ctx);
  ctx.out.lastReferenceNumber = generateCases(ctx, { org, staff, pickComplainant }, arrivals);
  generateContextFigures(ctx);
  return ctx.out;
}
