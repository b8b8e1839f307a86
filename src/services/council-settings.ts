import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { councilLogo, councilSettings } from '../db/schema/index.ts';
import { pngSize } from '../domain/images/png.ts';
import { ValidationError } from './errors.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';

/** How the public reaches the council's complaints team: on the form's pages, in every email and letter to the public. */
export interface CouncilContact {
  councilName: string;
  phone: string;
  email: string;
  /** Lines of a postal address, as the administrator typed them. */
  address: string;
  /** When the phone line is open. */
  hours: string;
}

/** The council's pages: plain text, paragraphs separated by a blank line. */
export interface CouncilPages {
  privacyNotice: string;
  accessibilityStatement: string;
  cookiesText: string;
}

export type CouncilSettings = CouncilContact & CouncilPages;

/** What Heard knows before an administrator sets anything: the council's name and COMPLAINTS_EMAIL, COMPLAINTS_PHONE. */
export interface CouncilDefaults {
  councilName: string;
  email?: string;
  phone?: string;
}

const LIMIT = { short: 200, address: 500, page: 20_000 } as const;

const text = (max: number, name: string) =>
  z
    .string()
    .trim()
    .max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .refine((s) => !s.includes('\0'), `${name} must not contain a null character`);

/** What an administrator may set (Administration → Council contact and pages). Empty page texts fall back to the defaults. */
export const CouncilSettingsCommand = z.object({
  phone: text(LIMIT.short, 'The phone number').refine(
    (s) => s === '' || /^[0-9 +()-]{6,30}$/.test(s),
    'Enter a phone number, like 01632 960 001',
  ),
  email: z
    .string()
    .trim()
    .max(LIMIT.short, 'The email address must be 200 characters or fewer')
    .refine(
      (s) => s === '' || z.email().safeParse(s).success,
      'Enter an email address, like complaints@example.gov.uk',
    ),
  address: text(LIMIT.address, 'The address'),
  hours: text(LIMIT.short, 'The opening hours'),
  privacyNotice: text(LIMIT.page, 'The privacy notice'),
  accessibilityStatement: text(LIMIT.page, 'The accessibility statement'),
  cookiesText: text(LIMIT.page, 'The cookies page'),
});
export type CouncilSettingsRequest = z.input<typeof CouncilSettingsCommand>;

/** The texts a council starts with: true of Heard as shipped, for the council to make its own. */
export function defaultPages(councilName: string): CouncilPages {
  return {
    privacyNotice: [
      `${councilName} uses what you tell us on this form to look into your feedback and reply to you. The law that lets us do this is the council's public task (UK GDPR Article 6(1)(e)) and, for complaints about children's social care, the Children Act 1989 Representations Procedure (England) Regulations 2006.`,
      'We share it only with the staff and teams who need it to look into your feedback, with an independent person or advocate where the procedure needs one, and with the Local Government and Social Care Ombudsman if you ask them to look at it.',
      'We keep complaint records for 6 years after the case is closed, then delete them.',
      "You can ask for a copy of what we hold about you, or ask us to correct it. If you are unhappy with how we use your information, you can complain to the Information Commissioner's Office (ico.org.uk).",
    ].join('\n\n'),
    accessibilityStatement: [
      `${councilName} wants as many people as possible to be able to use this service. You should be able to change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, and get around it using just a keyboard, speech recognition software or a screen reader.`,
      'This service is designed to meet the Web Content Accessibility Guidelines version 2.2 AA standard, and works without JavaScript.',
      'If you find a problem, or need the form in another format such as large print, easy read, audio or braille, contact us using the details on this page and we will reply within 5 working days.',
      'If you are not happy with how we respond, contact the Equality Advisory and Support Service (EASS).',
    ].join('\n\n'),
    cookiesText: [
      'This service puts small files (cookies) on your computer.',
      'heard.sid remembers your answers while you fill in the form, and that you have signed in if you work for the council. It is deleted when you close your browser or after a period without use.',
      'heard.csrf (on a secure connection, __Host-heard.csrf) keeps the form secure: it makes sure answers sent to us come from this form.',
      'These cookies are essential for the service to work, so we do not ask for consent to them. We do not use cookies to track you or to measure how the site is used.',
    ].join('\n\n'),
  };
}

type Row = typeof councilSettings.$inferSelect;

function fromRow(row: Row | undefined, defaults: CouncilDefaults): CouncilSettings {
  const pages = defaultPages(defaults.councilName);
  return {
    councilName: defaults.councilName,
    phone: row?.contactPhone || defaults.phone || '',
    email: row?.contactEmail || defaults.email || '',
    address: row?.contactAddress ?? '',
    hours: row?.contactHours ?? '',
    privacyNotice: row?.privacyNotice || pages.privacyNotice,
    accessibilityStatement: row?.accessibilityStatement || pages.accessibilityStatement,
    cookiesText: row?.cookiesText || pages.cookiesText,
  };
}

async function readSettings(db: DbOrTx, defaults: CouncilDefaults): Promise<CouncilSettings> {
  const [row] = await db.select().from(councilSettings).limit(1);
  return fromRow(row, defaults);
}

/**
 * The council's contact details as the public is told them: the
 * administrator's settings, else COMPLAINTS_EMAIL and COMPLAINTS_PHONE. Used
 * by the public form's pages, every email to the public, and letters. Reads
 * in the caller's transaction when given one.
 */
export async function councilContact(db: DbOrTx, defaults: CouncilDefaults): Promise<CouncilContact> {
  const s = await readSettings(db, defaults);
  return { councilName: s.councilName, phone: s.phone, email: s.email, address: s.address, hours: s.hours };
}

/** The council's logo as the report's cover places it. */
export interface CouncilLogo {
  png: Buffer;
  width: number;
  height: number;
}

export const MAX_LOGO_BYTES = 500 * 1024;

/** The council's settings: read by the public pages, set by an administrator (audited). */
export function councilSettingsService(db: Database, clock: Clock, defaults: CouncilDefaults) {
  return {
    defaults,
    all: () => readSettings(db, defaults),
    contact: (tx: DbOrTx = db) => councilContact(tx, defaults),

    /** What the administrator's page shows: what is saved (empty where nothing is), with the defaults beside it. */
    async saved(): Promise<CouncilSettingsRequest> {
      const [row] = await db.select().from(councilSettings).limit(1);
      return {
        phone: row?.contactPhone ?? '',
        email: row?.contactEmail ?? '',
        address: row?.contactAddress ?? '',
        hours: row?.contactHours ?? '',
        privacyNotice: row?.privacyNotice ?? '',
        accessibilityStatement: row?.accessibilityStatement ?? '',
        cookiesText: row?.cookiesText ?? '',
      };
    },

    /** The logo for the report's cover, when an administrator has given one. */
    async logo(): Promise<CouncilLogo | null> {
      const [row] = await db.select().from(councilLogo).limit(1);
      return row ? { png: Buffer.from(row.pngBase64, 'base64'), width: row.width, height: row.height } : null;
    },

    /** Sets the logo (a PNG of at most 500 KB), or takes it away with null; audited without its bytes. */
    async setLogo(actor: Actor, png: Buffer | null): Promise<void> {
      const size = png ? pngSize(png) : null;
      if (png && !size)
        throw new ValidationError([{ field: 'logo', message: 'The logo must be a PNG image (a file ending .png)' }]);
      if (png && png.length > MAX_LOGO_BYTES)
        throw new ValidationError([{ field: 'logo', message: 'The logo must be smaller than 500 KB' }]);
      if (size && (size.width > 4000 || size.height > 4000))
        throw new ValidationError([{ field: 'logo', message: 'The logo must be at most 4,000 pixels wide and high' }]);
      await db.transaction(async (tx) => {
        const [before] = await tx
          .select({ width: councilLogo.width, height: councilLogo.height, at: councilLogo.updatedAt })
          .from(councilLogo)
          .for('update');
        if (png && size) {
          const values = {
            pngBase64: png.toString('base64'),
            ...size,
            updatedBy: actor.userId,
            updatedAt: clock.now(),
          };
          await tx
            .insert(councilLogo)
            .values({ id: 1, ...values })
            .onConflictDoUpdate({ target: councilLogo.id, set: values });
        } else await tx.delete(councilLogo);
        await recordAudit(tx, clock, actor, {
          action: 'settings.logo',
          entity: 'council_logo',
          entityId: '1',
          before: before ? { logo: `${before.width} × ${before.height} pixels` } : { logo: null },
          after:
            png && size
              ? {
                  logo: `${size.width} × ${size.height} pixels`,
                  bytes: png.length,
                  sha256: createHash('sha256').update(png).digest('hex'),
                }
              : { logo: null },
        });
      });
    },

    async update(actor: Actor, input: unknown): Promise<void> {
      const v = parseCommand(CouncilSettingsCommand, input);
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(councilSettings).for('update');
        const values = {
          contactPhone: v.phone,
          contactEmail: v.email,
          contactAddress: v.address,
          contactHours: v.hours,
          privacyNotice: v.privacyNotice,
          accessibilityStatement: v.accessibilityStatement,
          cookiesText: v.cookiesText,
          updatedBy: actor.userId,
          updatedAt: clock.now(),
        };
        await tx
          .insert(councilSettings)
          .values({ id: 1, ...values })
          .onConflictDoUpdate({ target: councilSettings.id, set: values });
        const audited = (r: Partial<Row> | undefined) =>
          r
            ? {
                contactPhone: r.contactPhone ?? '',
                contactEmail: r.contactEmail ?? '',
                contactAddress: r.contactAddress ?? '',
                contactHours: r.contactHours ?? '',
                privacyNotice: r.privacyNotice ?? '',
                accessibilityStatement: r.accessibilityStatement ?? '',
                cookiesText: r.cookiesText ?? '',
              }
            : null;
        await recordAudit(tx, clock, actor, {
          action: 'settings.council',
          entity: 'council_settings',
          entityId: '1',
          before: audited(before),
          after: audited(values),
        });
      });
    },
  };
}
export type CouncilSettingsService = ReturnType<typeof councilSettingsService>;
