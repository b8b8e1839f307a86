import { check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './staff.ts';

/**
 * The council's own words and contact details, as an administrator sets them
 * (Administration → Council contact and pages): the "other ways to contact
 * us" on the public form, the footer of every email to the public, and the
 * privacy notice, accessibility statement and cookies page. One row at most
 * (id 1); with none, Heard's defaults apply (src/services/council-settings.ts).
 */
export const councilSettings = pgTable(
  'council_settings',
  {
    id: integer('id').primaryKey().default(1),
    contactPhone: text('contact_phone').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    contactAddress: text('contact_address').notNull().default(''),
    /** When the phone line is open, for example "Monday to Friday, 9am to 5pm". */
    contactHours: text('contact_hours').notNull().default(''),
    privacyNotice: text('privacy_notice').notNull().default(''),
    accessibilityStatement: text('accessibility_statement').notNull().default(''),
    cookiesText: text('cookies_text').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('council_settings_one_row', sql`${t.id} = 1`)],
);

/**
 * The council's logo for the report's cover (Administration → Council contact
 * and pages), a PNG kept as base64 text: one row at most, apart from the
 * settings so the public pages that read those never carry it.
 */
export const councilLogo = pgTable(
  'council_logo',
  {
    id: integer('id').primaryKey().default(1),
    pngBase64: text('png_base64').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('council_logo_one_row', sql`${t.id} = 1`)],
);
