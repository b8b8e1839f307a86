import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../../../reports/html.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import type { PublicAnswers } from '../../../services/intake.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { formValues, parseForm, type FormValues } from '../../forms.ts';
import { firstFile } from '../../http/multipart.ts';
import { removeUploadForm, TEAM_NOT_KNOWN } from './steps.schema.ts';
import {
  answersAsBody,
  firstIncomplete,
  firstUnansweredAfter,
  isRouteKey,
  readStep,
  RELATIONSHIPS,
  ROUTES,
  stepFields,
  stepsFor,
  unansweredBefore,
  type Answers,
  type RouteKey,
  type Step,
} from './steps.ts';

/** A form under way: the answers so far, and the files held for it. */
interface FeedbackForm {
  route: RouteKey;
  submissionId: string;
  answers: Answers;
  files?: { id: string; fileName: string }[];
  /** Errors found when the form was sent, shown once on the question they are about (at its own address). */
  errorsFor?: { step: string; errors: FieldError[] };
}

/** A page of the form: which form (adult or young person), which step, and whether it was reached from the check page. */
interface FormRoute {
  Params: { route: string };
  Querystring: { change?: string };
}
interface StepRoute extends FormRoute {
  Params: { route: string; step: string };
}

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** files: what was added on the evidence page, so the check page can say if any were deleted (after an hour) before sending. */
    feedback?: FeedbackForm;
    feedbackDone?: { reference: string; route: RouteKey; type: string; lines: string[] };
  }
}

const OPTION_LABELS: Record<string, Record<string, string>> = {
  type: { complaint: 'Make a complaint', compliment: 'Pay a compliment', comment: 'Make a comment or suggestion' },
  youngType: { complaint: 'Something is wrong', compliment: 'Say thank you', comment: 'An idea or something else' },
  relationship: Object.fromEntries(RELATIONSHIPS.map((r) => [r.value, r.text])),
  consent: {
    agrees: 'Yes, they know and agree',
    too_young: 'They are too young, or not able to agree',
    not_asked: 'No, or I have not asked them',
  },
  advocate: { yes: 'Yes, please', no: 'No, thank you', not_sure: 'Not sure: tell me more' },
};

/**
 * The public feedback form: no sign-in, one question per page, works without
 * JavaScript. Answers live in the session; sending makes one case per form,
 * however many times it is sent.
 */
export const feedbackRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const today = () => londonDate(svc.clock.now());

  async function teams() {
    return (await svc.organisation.teams()).map((t) => ({ value: t.id, text: t.name }));
  }

  function form(request: FastifyRequest, route: RouteKey) {
    const f = request.session.feedback;
    return f && f.route === route ? f : null;
  }

  /** A form not yet begun: its first page is shown from this, and nothing (no session row) is saved until its first answer. */
  function notYetBegun(route: RouteKey): FeedbackForm {
    return { route, submissionId: randomUUID(), answers: {} };
  }

  async function renderStep(
    request: FastifyRequest<FormRoute>,
    reply: FastifyReply,
    route: RouteKey,
    step: Step,
    values: FormValues,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const f = form(request, route) ?? notYetBegun(route);
    // What was just typed, over what was answered before: a page may depend on earlier answers (which contact field to show).
    values = { ...answersAsBody(step, f.answers), ...values };
    const steps = stepsFor(route, f.answers);
    const index = steps.findIndex((s) => s.id === step.id);
    const change = request.query.change === '1';
    const back = change
      ? `/feedback/${route}/check`
      : index > 0
        ? `/feedback/${route}/${steps[index - 1]!.id}`
        : route === 'adult'
          ? '/feedback'
          : '/feedback/young-person';
    const uploads = step.template === 'evidence' ? await svc.intake.stagedUploads(f.submissionId) : [];
    return reply.page(
      `feedback/${step.template}.njk`,
      {
        title: step.title(f.answers),
        serviceName: ROUTES[route].title,
        route,
        step,
        question: step.title(f.answers),
        hint: step.hint?.(f.answers),
        field: fieldFor(step),
        options: (step.options?.(f.answers) ?? []).map((o) => ({
          value: o.value,
          text: o.text,
          hint: o.hint ? { text: o.hint } : undefined,
          checked: values[fieldFor(step)] === o.value,
        })),
        teams:
          step.template === 'select'
            ? [
                { value: '', text: 'I do not know' },
                ...(await teams()).map((t) => ({ ...t, selected: values.teamId === t.value })),
              ]
            : [],
        values,
        uploads,
        back,
        change,
        action: `/feedback/${route}/${step.id}${change ? '?change=1' : ''}`,
        errors: errorView(errors),
      },
      status,
    );
  }

  app.get('/feedback', async (_request, reply) =>
    reply.page('feedback/start.njk', {
      title: 'Give feedback about Children’s Services',
      serviceName: 'Feedback',
      contact: await svc.councilSettings.contact(),
    }),
  );
  app.get('/feedback/young-person', async (_request, reply) =>
    reply.page('feedback/young-person-start.njk', {
      title: 'Tell us what you think',
      serviceName: ROUTES['young-person'].title,
      contact: await svc.councilSettings.contact(),
    }),
  );

  app.get<FormRoute>('/feedback/:route/start', async (request, reply) => {
    const { route } = request.params;
    if (!isRouteKey(route)) return reply.page('errors/not-found.njk', {}, 404);
    const carried = request.session.feedback?.answers.type;
    // Starting afresh with no form under way saves nothing: a crawler following "Start now" writes no session.
    if (request.session.feedback)
      request.session.feedback = {
        route,
        submissionId: randomUUID(),
        answers: route === 'young-person' && carried ? { type: carried } : {},
      };
    return reply.redirect(`/feedback/${route}/${ROUTES[route].steps[route === 'young-person' && carried ? 1 : 0]!.id}`);
  });

  app.get('/feedback/confirmation', async (request, reply) => {
    const done = request.session.feedbackDone;
    if (!done) return reply.redirect('/feedback');
    const forChild = done.route === 'young-person';
    return reply.page('feedback/confirmation.njk', {
      // The page's title is its heading (the panel's), so a screen reader hears the same words twice, not two names for one page.
      title: forChild ? 'Thank you for telling us' : 'Feedback sent',
      serviceName: ROUTES[done.route].title,
      done,
      forChild,
      contact: await svc.councilSettings.contact(),
    });
  });

  app.get<FormRoute>('/feedback/:route/check', async (request, reply) => {
    const { route } = request.params;
    if (!isRouteKey(route)) return reply.page('errors/not-found.njk', {}, 404);
    const f = form(request, route);
    if (!f)
      return reply.redirect(
        request.session.feedbackDone?.route === route ? '/feedback/confirmation' : `/feedback/${route}/start`,
      );
    return renderCheck(request, reply, route);
  });

  async function renderCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    route: RouteKey,
    gone?: { lost: { fileName: string }[]; errors: FieldError[] },
  ) {
    const f = form(request, route)!;
    const teamNames = new Map((await teams()).map((t) => [t.value, t.text]));
    const label = (key: string, value: string) =>
      key === 'team' ? (teamNames.get(value) ?? 'Not known') : (OPTION_LABELS[key]?.[value] ?? value);
    const rows = stepsFor(route, f.answers).flatMap((s) =>
      s.summary(f.answers, label).map((r) => ({
        key: { text: r.key },
        // The answer's line breaks as <br>: the summary list indents every line of a cell's HTML (indent(6)), and
        // pre-wrap would show that indentation before each line after the first. Spaces typed are kept.
        value: { html: `<span class="app-pre-wrap">${escapeHtml(r.value).replace(/\r?\n/g, '<br>')}</span>` },
        actions: {
          items: [
            { href: `/feedback/${route}/${s.id}?change=1`, text: 'Change', visuallyHiddenText: r.key.toLowerCase() },
          ],
        },
      })),
    );
    const uploads = await svc.intake.stagedUploads(f.submissionId);
    const lost = gone?.lost ?? lostFiles(f, uploads);
    const errors = gone?.errors ?? [];
    const steps = stepsFor(route, f.answers);
    const evidence = steps.find((s) => s.template === 'evidence');
    return reply.page(
      'feedback/check.njk',
      {
        title: 'Check your answers',
        serviceName: ROUTES[route].title,
        route,
        rows,
        uploads,
        lost,
        evidenceHref: evidence ? `/feedback/${route}/${evidence.id}?change=1` : null,
        back: `/feedback/${route}/${steps[steps.length - 1]!.id}`,
        forChild: route === 'young-person',
        errors: errorView(errors),
      },
      errors.length ? 400 : 200,
    );
  }

  /** Files added on this form that are no longer held (deleted an hour after they were added). */
  function lostFiles(f: NonNullable<FastifyRequest['session']['feedback']>, uploads: { id: string }[]) {
    return (f.files ?? []).filter((x) => !uploads.some((u) => u.id === x.id));
  }

  // Sending: rate-limited per address, and one case per form however often it is sent.
  app.post<FormRoute>(
    '/feedback/:route/check',
    { config: { rateLimit: { max: 20, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const { route } = request.params;
      if (!isRouteKey(route)) return reply.page('errors/not-found.njk', {}, 404);
      const f = form(request, route);
      if (!f) {
        // Sent again after it was already sent (the back button): show what was made.
        if (request.session.feedbackDone?.route === route) return reply.redirect('/feedback/confirmation');
        return reply.redirect(`/feedback/${route}/start`);
      }
      const incomplete = firstIncomplete(route, f.answers, today());
      if (incomplete) {
        const body = answersAsBody(incomplete, f.answers);
        return toQuestion(
          request,
          reply,
          route,
          incomplete,
          readStep(incomplete, body, f.answers, { today: today() }).errors,
        );
      }
      if (f.answers.teamId && !(await teamExists(f.answers.teamId)))
        return backToQuestion(request, reply, route, [{ field: 'teamId', message: TEAM_NOT_KNOWN }]);
      const lost = lostFiles(f, await svc.intake.stagedUploads(f.submissionId));
      if (lost.length) {
        // Never send without a word about files the person added: say which are gone; sending again sends without them.
        f.files = (f.files ?? []).filter((x) => !lost.includes(x));
        request.session.feedback = f;
        const names = lost.map((x) => x.fileName).join(', ');
        return renderCheck(request, reply, route, {
          lost,
          errors: [
            {
              field: 'files',
              message: `We no longer have ${names}: files are kept for one hour. Add ${lost.length === 1 ? 'it' : 'them'} again, or send your feedback without ${lost.length === 1 ? 'it' : 'them'}.`,
            },
          ],
        });
      }
      let result: Awaited<ReturnType<typeof svc.intake.submitPublic>>;
      try {
        result = await svc.intake.submitPublic(f.submissionId, toPublicAnswers(route, f.answers));
      } catch (err) {
        // Anything refused when sending goes back to the question it is about, with the error linked to its field.
        const errors = fieldErrorsFrom(err, 'answers').map((e) => ({
          ...e,
          field: ANSWER_FOR_SERVICE_FIELD[e.field] ?? e.field,
        }));
        return backToQuestion(request, reply, route, errors);
      }
      const lines = await svc.intake.nextSteps(f.answers.type as 'complaint', today(), route === 'young-person');
      request.session.feedbackDone = { reference: result.reference, route, type: f.answers.type!, lines };
      delete request.session.feedback;
      return reply.redirect('/feedback/confirmation');
    },
  );

  async function teamExists(teamId: string): Promise<boolean> {
    return (await teams()).some((t) => t.value === teamId);
  }

  /** Errors found when sending, shown on the question they are about; errors about no question are shown on the check page. */
  async function backToQuestion(
    request: FastifyRequest<FormRoute>,
    reply: FastifyReply,
    route: RouteKey,
    errors: FieldError[],
  ) {
    const f = form(request, route)!;
    const about = (s: Step) => (e: FieldError) => stepFields(s, f.answers, { today: today() }).includes(e.field);
    const step = stepsFor(route, f.answers).find((s) => errors.some(about(s)));
    if (!step)
      return renderCheck(request, reply, route, { lost: [], errors: errors.map((e) => ({ ...e, field: 'answers' })) });
    return toQuestion(request, reply, route, step, errors.filter(about(step)));
  }

  /**
   * Sends the person to the question an error is about, at that question's own
   * address (not /check), where the error is shown once; answering it goes back
   * to the check page, through any other question that depends on it.
   */
  function toQuestion(
    request: FastifyRequest<FormRoute>,
    reply: FastifyReply,
    route: RouteKey,
    step: Step,
    errors: FieldError[],
  ) {
    const f = form(request, route)!;
    f.errorsFor = { step: step.id, errors };
    request.session.feedback = f;
    return reply.redirect(`/feedback/${route}/${step.id}?change=1`, 303);
  }

  /** The route, form and step a step URL names; or the reply already sent (not found, or back to the start). */
  function stepFor(request: FastifyRequest<StepRoute>, reply: FastifyReply) {
    const { route, step: stepId } = request.params;
    if (!isRouteKey(route)) return reply.page('errors/not-found.njk', {}, 404);
    const f = form(request, route) ?? (ROUTES[route].steps[0]!.id === stepId ? notYetBegun(route) : null);
    if (!f) return reply.redirect(`/feedback/${route}/start`);
    const step = ROUTES[route].steps.find((s) => s.id === stepId);
    if (!step) return reply.page('errors/not-found.njk', {}, 404);
    if (step.template === 'evidence') {
      // Files only once the questions before them are answered: an unanswered form takes none.
      const earlier = unansweredBefore(route, f.answers, step.id, today());
      if (earlier) return reply.redirect(`/feedback/${route}/${earlier.id}`);
      if (!stepsFor(route, f.answers).includes(step)) return reply.redirect(`/feedback/${route}/check`);
    }
    return { route, f, step };
  }

  app.get<StepRoute>('/feedback/:route/:step', async (request, reply) => {
    const found = stepFor(request, reply);
    if (!('step' in found)) return found;
    const { route, f, step } = found;
    const shown = f.errorsFor?.step === step.id ? f.errorsFor.errors : [];
    if (f.errorsFor) {
      delete f.errorsFor;
      request.session.feedback = f;
    }
    return renderStep(request, reply, route, step, answersAsBody(step, f.answers), shown);
  });

  app.post<StepRoute>(
    '/feedback/:route/:step',
    { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = stepFor(request, reply);
      if (!('step' in found)) return found;
      const { route, f, step } = found;
      const change = request.query.change === '1';

      if (step.template === 'evidence' && request.isMultipart()) {
        // A file chosen: streamed to the store as it arrives, checked, and held; stay on this page so more can be added.
        let errors: FieldError[] = [];
        try {
          const part = await firstFile(request);
          if (!part?.filename) {
            part?.file.resume();
            errors = [{ field: 'file', message: 'Choose a file to add' }];
          } else {
            const atMostBytes = Number(request.headers['content-length']) || undefined;
            const added = await svc.intake.stageUpload(
              f.submissionId,
              { address: request.ip, atMostBytes },
              { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated },
            );
            f.files = [...(f.files ?? []), added];
            request.session.feedback = f;
          }
        } catch (err) {
          const e = err as { code?: string };
          errors =
            e.code === 'FST_REQ_FILE_TOO_LARGE'
              ? [{ field: 'file', message: 'The file must be smaller than 10 MB' }]
              : fieldErrorsFrom(err, 'file');
        }
        if (errors.length) return renderStep(request, reply, route, step, {}, errors, 400);
        return reply.redirect(`/feedback/${route}/${step.id}${change ? '?change=1' : ''}`);
      }

      const remove = step.template === 'evidence' ? parseForm(removeUploadForm, request.body).data?.remove : undefined;
      if (remove) {
        await svc.intake.removeUpload(f.submissionId, remove);
        f.files = (f.files ?? []).filter((x) => x.id !== remove);
        request.session.feedback = f;
        return reply.redirect(`/feedback/${route}/${step.id}${change ? '?change=1' : ''}`);
      }
      // The team chosen must be one there is: its page's schema is given the list.
      const teamIds = step.template === 'select' ? new Set((await teams()).map((t) => t.value)) : undefined;
      const { patch, errors } = readStep(step, request.body, f.answers, { today: today(), teamIds });
      if (errors.length) return renderStep(request, reply, route, step, formValues(request.body), errors, 400);
      f.answers = { ...f.answers, ...patch };
      request.session.feedback = f;
      if (route === 'adult' && f.answers.relationship === 'CHILD') {
        // A young person found the adult form: send them to theirs, keeping what they chose.
        return reply.redirect('/feedback/young-person');
      }
      if (change) {
        // A changed answer walks through the questions that depend on it (a phone number once "Phone" is chosen), then back to check.
        const dependent = firstUnansweredAfter(route, f.answers, step.id, today());
        return reply.redirect(dependent ? `/feedback/${route}/${dependent.id}?change=1` : `/feedback/${route}/check`);
      }
      const steps = stepsFor(route, f.answers);
      const index = steps.findIndex((s) => s.id === step.id);
      const next = index === steps.length - 1 ? 'check' : steps[index + 1]!.id;
      return reply.redirect(`/feedback/${route}/${next}`);
    },
  );
};

/** Where each field the cases service may refuse was answered on the form. */
const ANSWER_FOR_SERVICE_FIELD: Record<string, string> = {
  'complainant.givenName': 'givenName',
  'complainant.familyName': 'familyName',
  'complainant.email': 'email',
  'complainant.phone': 'phone',
  'complainant.addressLine1': 'addressLine1',
  'complainant.town': 'town',
  'complainant.postcode': 'postcode',
  'child.givenName': 'childGivenName',
  'child.familyName': 'childFamilyName',
  'child.dateOfBirth': 'childDob',
  'representative.givenName': 'adultName',
  'representative.email': 'adultContact',
  'representative.phone': 'adultContact',
  subject: 'whatHappened',
  description: 'whatHappened',
  outcomeWanted: 'outcomeWanted',
  consentNote: 'consentDetails',
  eventsOn: 'eventsOn',
  teamId: 'teamId',
};

/** The answer each radios page sets. */
export const RADIO_FIELDS: Record<string, string> = {
  type: 'type',
  relationship: 'relationship',
  consent: 'consent',
  advocate: 'wantsAdvocate',
  'trusted-adult': 'wantsAdult',
  'contact-by': 'contactBy',
};

function fieldFor(step: Step): string {
  return RADIO_FIELDS[step.id] ?? step.id;
}

function toPublicAnswers(route: RouteKey, a: Answers): PublicAnswers {
  const young = route === 'young-person';
  return {
    route: young ? 'young_person' : 'adult',
    type: a.type as PublicAnswers['type'],
    relationship: young ? 'CHILD' : a.relationship!,
    givenName: a.givenName ?? '',
    familyName: a.familyName ?? '',
    contactBy: a.contactBy as PublicAnswers['contactBy'],
    email: a.email || undefined,
    phone: a.phone || undefined,
    addressLine1: a.addressLine1 || undefined,
    town: a.town || undefined,
    postcode: a.postcode || undefined,
    child:
      !young && a.childGivenName
        ? { givenName: a.childGivenName, familyName: a.childFamilyName ?? '', dateOfBirth: a.childDob || null }
        : undefined,
    consent: (a.consent as PublicAnswers['consent']) || null,
    consentDetails: a.consentDetails || undefined,
    teamId: a.teamId || null,
    whatHappened: a.whatHappened ?? '',
    eventsOn: a.eventsOn || null,
    outcomeWanted: a.outcomeWanted || undefined,
    wantsAdvocate: (a.wantsAdvocate as PublicAnswers['wantsAdvocate']) || null,
    trustedAdult: a.wantsAdult === 'yes' ? { name: a.adultName ?? '', contact: a.adultContact ?? '' } : null,
  };
}
