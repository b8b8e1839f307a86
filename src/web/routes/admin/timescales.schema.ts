import { z } from 'zod';
import { CLOCK_NAMES } from '../../../domain/timescales/clock-names.ts';
import { timescalePreset } from '../../../domain/procedures/registry.ts';
import { dateInput } from '../../forms.ts';

/** A clock's numbers as typed on the form: `<clock>-days`, `<clock>-extendableTo`, `<clock>-startsOn`. */
export interface ClockFields {
  days: string | undefined;
  extendableTo: string | undefined;
  startsOn: string | undefined;
}

const field = (b: Record<string, unknown>, name: string) => (typeof b[name] === 'string' ? b[name] : undefined);

/** Text, or undefined when not sent (never refused: the page is shown again from it). */
const sent = () => z.string().optional().catch(undefined);

/**
 * A new version of a procedure's timescales, based on a preset or an earlier
 * version: what each rule means comes from the base; the form gives its
 * numbers. Never refused, as the page is built again from it when the
 * service refuses the version.
 */
export const timescaleVersionForm = z
  .looseObject({
    preset: sent(),
    from: sent(),
    procedure: sent(),
    name: sent(),
    dueSoonDays: sent(),
    note: sent(),
  })
  .transform(({ preset, from, procedure, name, dueSoonDays, note, ...rest }) => ({
    preset: timescalePreset(preset)?.key ?? null,
    from: from ?? '',
    procedure,
    name: name ?? '',
    dueSoonDays: Number(dueSoonDays),
    note: note || null,
    clocks: Object.fromEntries(
      CLOCK_NAMES.map((c) => [
        c,
        {
          days: field(rest, `${c}-days`),
          extendableTo: field(rest, `${c}-extendableTo`),
          startsOn: field(rest, `${c}-startsOn`),
        } satisfies ClockFields,
      ]),
    ),
  }));

/** The date the version applies from: the one field the form can get wrong. */
export const effectiveFromForm = z.object({ effectiveFrom: dateInput() });

/** A starting timescale's key, as the page's own links name it (any other word, `toString` too, is none). */
const presetKey = z.string().refine((key) => timescalePreset(key) !== null);

/**
 * New rules start from a preset (`?preset=`) or an earlier version
 * (`?from=`): a preset that is not one reads as not given.
 */
export const newRulesQuery = z.object({
  preset: presetKey.optional().catch(undefined),
  from: z.string().optional().catch(undefined),
});
