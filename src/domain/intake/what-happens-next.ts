import { formatLongDate, type IsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import type { FeedbackType } from '../cases/vocabulary.ts';
import type { TimescalePolicy } from '../timescales/rules.ts';

/**
 * What the person is told on the confirmation page and in the acknowledgement
 * email: real dates from the rules in force, in plain words.
 */
export function whatHappensNext(
  type: FeedbackType,
  receivedOn: IsoDate,
  policy: TimescalePolicy | null,
  calendar: WorkingDayCalendar,
  forChild = false,
): string[] {
  if (type === 'compliment')
    return ['We will pass your thanks on to the team or person you mentioned.', 'You do not need to do anything else.'];
  if (type === 'comment')
    return [
      'We will share your comment with the team it is about, so they can learn from it.',
      'If you asked a question, we will reply within 10 working days.',
    ];
  const ack = policy?.rules.acknowledgement;
  const stage1 = policy?.rules.stage1_response;
  const lines: string[] = [];
  if (ack && ack.unit === 'working_days') {
    lines.push(
      forChild
        ? `Someone from our complaints team will contact you by ${formatLongDate(calendar.addWorkingDays(receivedOn, ack.days))}.`
        : `We will contact you by ${formatLongDate(calendar.addWorkingDays(receivedOn, ack.days))} to say how we will look into your complaint.`,
    );
  }
  if (stage1 && stage1.unit === 'working_days') {
    const due = calendar.addWorkingDays(receivedOn, stage1.days);
    lines.push(
      forChild
        ? `We will try to sort it out by ${formatLongDate(due)}. If it takes longer, we will tell you why.`
        : `Most complaints get a full reply within ${stage1.days} working days, by ${formatLongDate(due)}. If yours needs longer, we will tell you and agree a new date with you.`,
    );
  }
  lines.push(
    forChild
      ? 'You can ask for an advocate at any time. An advocate is someone who helps you say what you want.'
      : 'If you are not happy with our reply, you can ask for your complaint to be looked at again.',
  );
  return lines;
}
