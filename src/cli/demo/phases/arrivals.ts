import { addCalendarDays, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import type { FeedbackType } from '../../../domain/cases/vocabulary.ts';
import type { DemoContext } from './context.ts';

export interface DemoArrival {
  date: IsoDate;
  type: FeedbackType;
}

// Seasonality seen in the seed reports: more in March, May and November; fewer in August and December. Index 0 = April.
const MONTH_WEIGHTS = [9, 10.5, 9, 8.5, 6, 8.5, 9, 10, 6.5, 8.5, 8.5, 11];

/** Phase 4, arrivals: when each piece of feedback came in and what type it was, month by month up to today, oldest first. */
export function generateArrivals(ctx: DemoContext): DemoArrival[] {
  const { r, cal, today, perYear, firstFy, currentFy } = ctx;
  const arrivals: DemoArrival[] = [];
  for (let fy = firstFy; fy <= currentFy; fy++) {
    for (let m = 0; m < 12; m++) {
      const monthStart = `${m < 9 ? fy : fy + 1}-${String(((m + 3) % 12) + 1).padStart(2, '0')}-01`;
      if (monthStart > today) break;
      const n = Math.round((perYear * MONTH_WEIGHTS[m]!) / 105 + (r.next() - 0.5) * 4);
      const daysInMonth = new Date(
        Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)), 0),
      ).getUTCDate();
      for (let i = 0; i < n; i++) {
        let date = addCalendarDays(monthStart, r.int(0, daysInMonth - 1));
        if (date > today) continue;
        if (!cal.isWorkingDay(date) && r.chance(0.85)) date = cal.nextWorkingDayOnOrAfter(date);
        if (date > today) continue;
        const type = r.weighted([
          ['complaint', 170],
          ['compliment', 25],
          ['comment', 5],
          ['concern', 4],
          ['mp_enquiry', 3],
          ['question', 2],
        ] as const);
        arrivals.push({ date, type });
      }
    }
  }
  arrivals.sort((a, b) => a.date.localeCompare(b.date));
  return arrivals;
}
