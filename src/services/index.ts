import type { Clock } from '../domain/clock.ts';
import { londonDate, type IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import type { SearchTimeLimits } from './cases/listing.ts';
import { noFileStore, type FileStore } from '../storage/file-store.ts';
import { systemActor, type Actor } from './actor.ts';
import { accessLogService } from './access-log.ts';
import { attachmentsService } from './attachments.ts';
import { auditSearchService } from './audit-search.ts';
import { bankHolidayLoadsService } from './bank-holiday-loads.ts';
import { calendarService } from './calendar.ts';
import { casesService } from './cases/index.ts';
import { caseworkService } from './casework/index.ts';
import { councilSettingsService } from './council-settings.ts';
import { publicationSettingsService } from './publication-settings.ts';
import { reportTextsService } from './report-texts.ts';
import { ombudsmanLettersService } from './ombudsman-letters.ts';
import { codeSelfAssessmentsService } from './code-self-assessments.ts';
import { intakeService } from './intake.ts';
import { trackingService } from './intake-tracking.ts';
import { DEFAULT_STAGED_UPLOAD_QUOTA, stagedUploadsService, type StagedUploadQuota } from './intake-uploads.ts';
import { legacyImportService } from './legacy-import.ts';
import { lettersService } from './letters.ts';
import { ACKNOWLEDGEMENT_TEMPLATE, notificationsService } from './notifications/notifications.ts';
import { sentAcknowledgementsCatchUp } from './notifications/sent-acknowledgements.ts';
import { outboxSender, type EmailSender } from './notifications/senders.ts';
import { organisationService } from './organisation.ts';
import { peopleService } from './people.ts';
import { referenceDataService } from './reference-data.ts';
import { setupService } from './setup.ts';
import { remindersService } from './reminders.ts';
import { retentionService } from './retention/index.ts';
import { subjectAccessService } from './subject-access.ts';
import { savedFiltersService } from './saved-filters.ts';
import { bulkAllocationService } from './bulk-allocation.ts';
import { modelThread } from './reports/model-thread.ts';
import { reportsService } from './reports/reports.ts';
import { examplesService } from './reports/examples.ts';
import { contextService } from './reports/context.ts';
import { sessionStore, type SessionLifetime } from './session-store.ts';
import { timescalesService } from './timescales.ts';
import { triageService } from './triage.ts';
import { usersService } from './users.ts';
import { ssoService } from './sso.ts';
import { passwordResetService } from './password-reset.ts';
import { mfaService } from './mfa.ts';
import { secretBox } from './secret-box.ts';

export interface ServiceOptions {
  referencePrefix: string;
  councilName?: string;
  /** How email goes out; the local outbox unless configured. */
  sender?: EmailSender;
  /** How long sessions last (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS); the defaults unless configured. */
  sessionLifetime?: SessionLifetime;
  /** Where attachment bytes are kept (ADR 0010); commands that never touch files may go without. */
  files?: FileStore;
  /** Bytes of files that may wait on unsent public forms. */
  stagedUploadQuota?: StagedUploadQuota;
  /** How people reach the complaints team, for acknowledgement emails. */
  complaintsContact?: { email?: string; phone?: string };
  /** Where the daily bank holidays refresh fetches from: GOV.UK's bank-holidays.json unless configured. */
  bankHolidaysUrl?: string;
  /** SESSION_SECRET, from which the key that encrypts TOTP secrets is derived; without it codes cannot be set up. */
  secretKey?: string;
  /**
   * The PostgreSQL database's address, for the server: report models kept for the dashboard and pages are then
   * built in a thread of their own, with its own connections (services/reports/model-thread.ts).
   */
  reportThreadDatabaseUrl?: string;
  /** How long a case search may run on PostgreSQL, on the page and in a download; the defaults unless given. */
  searchTimeLimits?: SearchTimeLimits;
}

const ACKNOWLEDGEMENT_EMAIL: Actor = systemActor('Heard (acknowledgement email)');

/** The one wiring point: every use case gets the same database and clock. */
export function services(db: Database, clock: Clock, opts: ServiceOptions) {
  const calendar = calendarService(db, clock);
  const timescales = timescalesService(db, clock, calendar);
  const cases = casesService(db, clock, opts, timescales);
  const referenceData = referenceDataService(db, clock);
  const files = opts.files ?? noFileStore;
  const attachments = attachmentsService(db, clock, files);
  const uploads = stagedUploadsService(db, clock, files, opts.stagedUploadQuota ?? DEFAULT_STAGED_UPLOAD_QUOTA);
  // An acknowledgement email that has gone is the acknowledgement: the clock stops the day it went.
  const acknowledgedByEmail = (caseId: string, on: IsoDate) =>
    cases.acknowledge(ACKNOWLEDGEMENT_EMAIL, caseId, { on, how: 'acknowledgement email sent' });
  const notifications = notificationsService(db, clock, opts.sender ?? outboxSender, {
    onSent: async (n) => {
      if (n.template === ACKNOWLEDGEMENT_TEMPLATE && n.caseId)
        await acknowledgedByEmail(n.caseId, londonDate(clock.now()));
    },
  });
  // The same, for an email a stopped server sent without marking its case (run by the background work).
  const recordSentAcknowledgements = sentAcknowledgementsCatchUp({
    clock,
    notifications,
    acknowledge: acknowledgedByEmail,
  });
  const organisation = organisationService(db, clock);
  const users = usersService(db, clock);
  const publication = publicationSettingsService(db, clock);
  const reportTexts = reportTextsService(db, clock);
  const ombudsmanLetters = ombudsmanLettersService(db, clock);
  const councilSettings = councilSettingsService(db, clock, {
    councilName: opts.councilName ?? 'The council',
    ...opts.complaintsContact,
  });
  return {
    db,
    clock,
    files,
    calendar,
    bankHolidays: bankHolidayLoadsService(db, clock, { calendar, timescales, refreshUrl: opts.bankHolidaysUrl }),
    timescales,
    cases,
    referenceData,
    attachments,
    accessLog: accessLogService(db, clock),
    auditSearch: auditSearchService(db),
    notifications,
    recordSentAcknowledgements,
    people: peopleService(db),
    reports: reportsService(db, {
      clock,
      calendar,
      timescales,
      publication,
      reportTexts,
      ombudsmanLetters,
      modelThread: opts.reportThreadDatabaseUrl ? modelThread(opts.reportThreadDatabaseUrl) : undefined,
    }),
    reportTexts,
    ombudsmanLetters,
    codeSelfAssessments: codeSelfAssessmentsService(db, clock),
    examples: examplesService(db, clock),
    context: contextService(db, clock),
    legacyImport: legacyImportService(db, clock, { timescales }),
    intake: intakeService(db, clock, {
      cases,
      attachments,
      uploads,
      notifications,
      referenceData,
      timescales,
      calendar,
      council: councilSettings,
    }),
    councilSettings,
    publication,
    tracking: trackingService(db, clock, { notifications, timescales, council: councilSettings }),
    organisation,
    setup: setupService(db, clock),
    triage: triageService(db, clock, { cases, timescales, organisation }),
    casework: caseworkService(db, clock, { timescales }),
    letters: lettersService(db, clock, {
      notifications,
      timescales,
      calendars: calendar,
      councilName: opts.councilName ?? 'The council',
      // The administrator's settings (Administration, Council contact and pages), falling back to the configuration.
      contact: () => councilSettings.contact(),
    }),
    reminders: remindersService(db, clock, {
      timescales,
      notifications,
      councilName: opts.councilName ?? 'The council',
    }),
    users,
    mfa: mfaService(db, clock, opts.secretKey ? secretBox(opts.secretKey, 'totp secrets') : null, users),
    sso: ssoService(db, clock),
    passwordReset: passwordResetService(db, clock, notifications),
    retention: retentionService(db, clock, files),
    subjectAccess: subjectAccessService(db, clock, files),
    savedFilters: savedFiltersService(db, clock),
    bulkAllocation: bulkAllocationService(db, cases),
    sessions: sessionStore(db, clock, opts.sessionLifetime),
  };
}
export type Services = ReturnType<typeof services>;
