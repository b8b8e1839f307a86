import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Resvg } from '@resvg/resvg-js';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/domain/access/roles.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import * as s from '../../src/db/schema/index.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Services } from '../../src/services/index.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD } from './factories.ts';
import { Browser } from './web.ts';

export const STAFF_ROLES: Role[] = [
  'administrator',
  'complaints_officer',
  'investigating_manager',
  'senior_manager',
  'report_viewer',
];
export type Which = 'allocated' | 'other';

interface CaseFixture {
  reference: string;
  ids: Record<string, string>;
}

/**
 * A small world in which every route of the web app has something real to
 * work on: a user of each role (signed in, in a browser each), a case
 * allocated to the investigating manager and one that is not (each with an
 * investigation, a remedy, an action, letters, an email and an attachment),
 * and spare things for the administration routes to change. Used by the tests
 * that walk fastify's route table (authorisation, fuzzing).
 */
export class RouteWorld {
  readonly users = new Map<Role, { id: string; email: string }>();
  readonly browsers = new Map<Role | 'anonymous', Browser>();
  readonly cases: Record<Which, CaseFixture> = {
    allocated: { reference: '', ids: {} },
    other: { reference: '', ids: {} },
  };
  private readonly spare: Record<string, string> = {};

  private readonly svc: Services;
  private readonly handle: DatabaseHandle;
  private readonly app: FastifyInstance;
  constructor(svc: Services, handle: DatabaseHandle, app: FastifyInstance) {
    this.svc = svc;
    this.handle = handle;
    this.app = app;
  }

  async build(): Promise<this> {
    for (const role of STAFF_ROLES) {
      const { user } = await makeUser(this.svc, role, { email: `${role.replace(/_/g, '.')}@walk.example.gov.uk` });
      this.users.set(role, { id: user.id, email: user.email });
    }
    const officer: Actor = {
      userId: this.users.get('complaints_officer')!.id,
      role: 'complaints_officer',
      label: 'officer',
    };
    const team = await makeTeam(this.svc, officer, 'Assessment Team');
    // A logo, so that the page serving it has something to serve.
    await this.svc.councilSettings.setLogo(
      { ...officer, role: 'administrator' },
      Buffer.from(new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>').render().asPng()),
    );
    this.cases.allocated = await this.caseWithEverything(officer, team.id, this.users.get('investigating_manager')!.id);
    this.cases.other = await this.caseWithEverything(officer, team.id, officer.userId!);
    const admin: Actor = { userId: this.users.get('administrator')!.id, role: 'administrator', label: 'admin' };
    this.spare.team = (await makeTeam(this.svc, admin, 'Spare Team')).id;
    this.spare.user = (await makeUser(this.svc, 'report_viewer', { email: 'spare@walk.example.gov.uk' })).user.id;
    this.spare.policy = (
      await this.handle.db.select({ id: s.timescalePolicies.id }).from(s.timescalePolicies).limit(1)
    )[0]!.id;
    this.spare.theme = (await this.svc.referenceData.list('theme'))[0]!.id;
    this.spare.notification = (
      await this.handle.db.select({ id: s.notifications.id }).from(s.notifications).limit(1)
    )[0]!.id;
    await this.svc.calendar.addClosureDay(admin, { date: '2024-12-27', description: 'Council closure' });
    this.browsers.set('anonymous', new Browser(this.app));
    for (const role of STAFF_ROLES) await this.signIn(role);
    return this;
  }

  /** A fresh browser signed in as the role (also after a route signed it out). */
  async signIn(role: Role): Promise<Browser> {
    const b = new Browser(this.app);
    const res = await b.signIn(this.users.get(role)!.email, TEST_PASSWORD);
    assert.equal(res.statusCode, 302, `${role} signs in`);
    this.browsers.set(role, b);
    return b;
  }

  private async caseWithEverything(officer: Actor, teamId: string, managerId: string): Promise<CaseFixture> {
    const { svc } = this;
    const made = await makeCase(svc, officer, {
      subject: 'A complaint with everything',
      complainant: { givenName: 'Pat', familyName: 'Parent', email: 'pat@example.com' },
    });
    await svc.triage.apply(officer, made.id, {
      type: 'complaint',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care',
      decision: 'stage1',
      teamId,
      investigatingManagerId: managerId,
      acknowledgedOn: null,
    });
    const investigation = await svc.casework.addInvestigation(officer, made.id, 'stage1', {
      teamId,
      investigatorName: 'Ivy Investigator',
      startedOn: '2024-06-03',
    });
    const [remedyType] = await svc.referenceData.list('remedy_type');
    await svc.casework.addRemedy(officer, made.id, 'stage1', {
      remedyTypeId: remedyType!.id,
      description: 'An apology',
    });
    const [actionType] = await svc.referenceData.list('action_type');
    const action = await svc.casework.addAction(officer, made.id, {
      actionTypeId: actionType!.id,
      text: 'Call back within two days',
      ownerName: 'Olive Officer',
      dueOn: '2024-07-01',
    });
    const letter = await svc.letters.issue(officer, made.id, {
      templateKey: 'acknowledgement',
      subject: 'Your complaint',
      body: 'We have your complaint.',
      delivery: 'word',
    });
    await svc.letters.issue(officer, made.id, {
      templateKey: 'acknowledgement',
      subject: 'Your complaint',
      body: 'We have your complaint.',
      delivery: 'email',
      to: 'parent@example.com',
    });
    await svc.attachments.add(
      officer,
      made.id,
      (async function* () {
        yield { fileName: 'note.txt', stream: Readable.from([Buffer.from('a note')]) };
      })(),
    );
    const [attachment] = await this.handle.db
      .select({ id: s.attachments.id })
      .from(s.attachments)
      .where(eq(s.attachments.caseId, made.id));
    const [remedy] = await this.handle.db
      .select({ id: s.remedies.id })
      .from(s.remedies)
      .innerJoin(s.stages, eq(s.stages.id, s.remedies.stageId))
      .where(eq(s.stages.caseId, made.id));
    const [party] = await this.handle.db
      .select({ id: s.caseParties.id })
      .from(s.caseParties)
      .where(eq(s.caseParties.caseId, made.id));
    return {
      reference: made.reference,
      ids: { investigation, action, letter, attachment: attachment!.id, remedy: remedy!.id, party: party!.id },
    };
  }

  /** The address to try for a route, with real values for its parameters (`which` case for :reference). */
  addressFor(url: string, which: Which): string {
    const path = url.replace(/:([A-Za-z]+)|\*/g, (_m, name: string | undefined) =>
      name
        ? encodeURIComponent(this.paramValue(url, name, which))
        : url.startsWith('/assets')
          ? 'images/favicon.ico'
          : 'application.css',
    );
    return path + (ROUTE_QUERIES[url] ?? '');
  }

  paramValue(url: string, name: string, which: Which): string {
    const c = this.cases[which];
    const fixed: Record<string, string> = {
      reference: c.reference,
      attachmentId: c.ids.attachment!,
      route: 'adult',
      step: 'type',
      table: 'by-type',
      date: '2024-12-27',
      key: 'acknowledgement',
      token: 'a-reset-token-that-was-never-sent-0123',
    };
    if (name === 'kind') return url.startsWith('/admin/reference-data') ? 'theme' : 'stage1';
    if (name in fixed) return fixed[name]!;
    assert.equal(name, 'id', `The route walk has no value for :${name} in ${url}: add one`);
    const byUrl: [RegExp, string | undefined][] = [
      [/^\/admin\/teams\//, this.spare.team],
      [/^\/admin\/users\//, this.spare.user],
      [/^\/admin\/timescales\//, this.spare.policy],
      [/^\/admin\/reference-data\//, this.spare.theme],
      [/^\/outbox\//, this.spare.notification],
      [/\/investigations\//, c.ids.investigation],
      [/\/remedies\//, c.ids.remedy],
      [/\/actions\//, c.ids.action],
      [/\/letters\//, c.ids.letter],
      [/\/people\//, c.ids.party],
    ];
    const found = byUrl.find(([re]) => re.test(url));
    assert.ok(found?.[1], `The route walk has no value for :id in ${url}: add one`);
    return found[1];
  }
}

/** What a route needs beyond its parameters to reach the point where it decides. */
export const ROUTE_QUERIES: Record<string, string> = {
  '/cases/:reference/letters/new': '?template=acknowledgement',
  '/reports/annual/cases': '?table=by-type&row=0&from=2024-04-01&to=2025-03-31',
};
const LETTER = { templateKey: 'acknowledgement', subject: 'Your complaint', body: 'Text', delivery: 'word' };
export const ROUTE_BODIES: Record<string, Record<string, string>> = {
  // Without the check page's confirmation the letter is shown, not made: the walk changes nothing here.
  '/cases/:reference/letters': LETTER,
  '/cases/:reference/letters/preview': LETTER,
  '/cases/:reference/letters/edit': LETTER,
};
