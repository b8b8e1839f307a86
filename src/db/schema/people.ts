import { boolean, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { referenceItems } from './reference-data.ts';
import { users } from './staff.ts';

/**
 * Complainants, children, advocates and representatives. One person, many
 * cases: that is how repeat complainants show up in reports.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    givenName: text('given_name').notNull().default(''),
    familyName: text('family_name').notNull().default(''),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    ethnicityId: uuid('ethnicity_id').references(() => referenceItems.id),
    email: text('email'),
    phone: text('phone'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    town: text('town'),
    postcode: text('postcode'),
    /** Unreasonably persistent complainant, under the council's policy. */
    persistentFlag: boolean('persistent_flag').notNull().default(false),
    persistentFlaggedOn: date('persistent_flagged_on', { mode: 'string' }),
    persistentReviewOn: date('persistent_review_on', { mode: 'string' }),
    persistentContactPlan: text('persistent_contact_plan'),
    /** Set when the record has been anonymised under the retention policy. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('people_family_name_idx').on(t.familyName),
    index('people_email_idx').on(t.email),
    index('people_postcode_idx').on(t.postcode),
  ],
);
