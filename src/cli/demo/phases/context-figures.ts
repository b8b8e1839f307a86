import type { DemoContext } from './context.ts';

/** Phase 6, context figures for rates per 1,000 children: children worked with and referrals, each year. */
export function generateContextFigures(ctx: DemoContext): void {
  const { r, out, firstFy, currentFy } = ctx;
  for (let fy = firstFy; fy <= currentFy; fy++) {
    out.contextFigures.push({
      financialYearStart: fy,
      measure: 'children_worked_with',
      value: 4200 + r.int(-200, 300),
      note: 'Children with an open social care episode during the year',
    });
    out.contextFigures.push({
      financialYearStart: fy,
      measure: 'referrals',
      value: 2900 + r.int(-250, 250),
      note: "Referrals to children's social care",
    });
  }
}
