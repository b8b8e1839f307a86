import { isIsoDate } from '../../../domain/calendar/iso-date.ts';
import { FIELD_LIMITS, PUBLIC_FORM_LIMITS, tooLong } from '../../../domain/cases/field-limits.ts';
import type { FieldError } from '../../form-errors.ts';
import { dateFromParts } from '../../form-errors.ts';

/**
 * The public form, one question per page (the GOV.UK question-page pattern),
 * as data: each step says when it is asked, what it shows and how its answer
 * is checked. Answers are strings kept in the session until the form is sent.
 */
export type Answers = Record<string, string>;
export type RouteKey = 'adult' | 'young-person';

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

export interface Step {
  id: string;
  /** The page template under feedback/: each renders one question. */
  template:
    | 'radios'
    | 'text'
    | 'textarea'
    | 'date'
    | 'select'
    | 'name'
    | 'child'
    | 'consent'
    | 'evidence'
    | 'contact'
    | 'trusted-adult';
  title: (a: Answers) => string;
  hint?: (a: Answers) => string | undefined;
  options?: (a: Answers) => Option[];
  /** Only asked when this says so. */
  when?: (a: Answers) => boolean;
  /** Reads the posted form: the answers to keep, or errors. */
  read: (body: Record<string, string>, a: Answers, today: string) => { patch: Answers; errors: FieldError[] };
  /** How the answer reads on the check page. */
  summary: (a: Answers, labels: (key: string, value: string) => string) => { key: string; value: string }[];
}

const L = FIELD_LIMITS;
const P = PUBLIC_FORM_LIMITS;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PHONE = /^[+()0-9\s-]{7,20}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

const isComplaint = (a: Answers) => a.type === 'complaint';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TEAM_NOT_KNOWN = 'Choose a team from the list, or “I do not know”';

/** A text answer up to its limit (from the one definition the store uses too); `label` names it in the error. */
function required(
  body: Record<string, string>,
  field: string,
  message: string,
  errors: FieldError[],
  max: number,
  label: string,
): string {
  const v = (body[field] ?? '').trim();
  if (!v) errors.push({ field, message });
  else if (v.length > max) errors.push({ field, message: tooLong(label, max) });
  return v;
}

function optional(
  body: Record<string, string>,
  field: string,
  errors: FieldError[],
  max: number,
  label: string,
): string {
  const v = (body[field] ?? '').trim();
  if (v.length > max) errors.push({ field, message: tooLong(label, max) });
  return v;
}

/** A trusted adult's phone number or email, said which it is, so it is kept where the store keeps each (and within its size). */
export function readAdultContact(body: Record<string, string>, errors: FieldError[]): string {
  const v = required(
    body,
    'adultContact',
    'Tell us how to contact them: a phone number or email',
    errors,
    L.email,
    'Their phone number or email',
  );
  if (v && v.length <= L.email && !EMAIL.test(v) && !PHONE.test(v))
    errors.push({
      field: 'adultContact',
      message: 'Enter their phone number, like 07700 900 982, or their email address, like name@example.com',
    });
  return v;
}

function choice(
  body: Record<string, string>,
  field: string,
  options: Option[],
  message: string,
  errors: FieldError[],
): string {
  const v = body[field] ?? '';
  if (!options.some((o) => o.value === v)) errors.push({ field, message });
  return v;
}

const ADULT_TYPES: Option[] = [
  {
    value: 'complaint',
    text: 'Make a complaint',
    hint: 'Tell us about something that went wrong, so we can put it right',
  },
  { value: 'compliment', text: 'Pay a compliment', hint: 'Thank a team or someone who helped you' },
  { value: 'comment', text: 'Make a comment or suggestion' },
];

export const RELATIONSHIPS: Option[] = [
  { value: 'MOTHER', text: 'Mother' },
  { value: 'FATHER', text: 'Father' },
  { value: 'GRANDPARENT', text: 'Grandparent' },
  { value: 'OTHER_RELATIVE', text: 'Another relative' },
  { value: 'FOSTER_CARER', text: 'Foster carer' },
  { value: 'SPECIAL_GUARDIAN', text: 'Special guardian' },
  { value: 'ADOPTER', text: 'Adoptive parent' },
  { value: 'ADVOCATE', text: 'Advocate' },
  { value: 'PROFESSIONAL', text: 'A professional (for example a teacher or health worker)' },
  { value: 'OTHER', text: 'Someone else' },
];

const YOUNG_TYPES: Option[] = [
  { value: 'complaint', text: 'Something is wrong and I want it sorted out' },
  { value: 'compliment', text: 'I want to say thank you' },
  { value: 'comment', text: 'I have an idea, or something else to say' },
];

const CONSENT: Option[] = [
  { value: 'agrees', text: 'Yes, they know and agree' },
  { value: 'too_young', text: 'They are too young, or not able to agree' },
  { value: 'not_asked', text: 'No, or I have not asked them' },
];

const TRUSTED_ADULT: Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No, I will do it myself' },
];

const ADVOCATE: Option[] = [
  { value: 'yes', text: 'Yes, I would like an advocate' },
  { value: 'no', text: 'No, thank you' },
  { value: 'not_sure', text: 'I am not sure: please tell me more' },
];

function readDate(
  body: Record<string, string>,
  field: string,
  today: string,
  errors: FieldError[],
  opts: { notSureField?: string } = {},
): string {
  if (opts.notSureField && body[opts.notSureField] === 'yes') return '';
  const d = dateFromParts(body, field);
  if (d.error) errors.push({ field, message: d.error });
  else if (d.value && d.value > today) errors.push({ field, message: 'The date must be today or in the past' });
  return d.value ?? '';
}

const contactOptions = (forChild: boolean, a: Answers): Option[] => [
  { value: 'email', text: 'Email' },
  { value: 'phone', text: forChild ? 'Phone or text message' : 'Phone' },
  { value: 'post', text: 'Post' },
  ...(forChild && a.wantsAdult === 'yes'
    ? [{ value: 'through_adult', text: 'Through the trusted adult I named' }]
    : []),
];

/** How to contact them, then (on its own page) the address, number or email for that way. */
const contactSteps = (forChild: boolean): Step[] => [
  {
    id: 'contact-by',
    template: 'radios',
    title: () => (forChild ? 'How can we get in touch with you?' : 'How should we contact you?'),
    hint: () =>
      forChild
        ? 'We will only use this to talk to you about what you told us.'
        : 'We will send your reference and our reply this way.',
    options: (a) => contactOptions(forChild, a),
    read(body, a) {
      const errors: FieldError[] = [];
      return {
        patch: {
          contactBy: choice(
            body,
            'contactBy',
            contactOptions(forChild, a),
            forChild ? 'Choose how we can get in touch with you' : 'Choose how we should contact you',
            errors,
          ),
        },
        errors,
      };
    },
    summary: (a) => [
      {
        key: 'How we contact you',
        value:
          a.contactBy === 'email'
            ? 'Email'
            : a.contactBy === 'phone'
              ? 'Phone'
              : a.contactBy === 'post'
                ? 'Post'
                : 'Through the trusted adult',
      },
    ],
  },
  {
    id: 'contact-details',
    template: 'contact',
    when: (a) => a.contactBy !== 'through_adult',
    title: (a) =>
      a.contactBy === 'email'
        ? 'What is your email address?'
        : a.contactBy === 'phone'
          ? 'What is your phone number?'
          : 'What is your address?',
    read(body, a) {
      const errors: FieldError[] = [];
      const patch: Answers = { email: '', phone: '', addressLine1: '', town: '', postcode: '' };
      if (a.contactBy === 'email') {
        patch.email = (body.email ?? '').trim();
        if (patch.email.length > L.email)
          errors.push({ field: 'email', message: tooLong('Your email address', L.email) });
        else if (!EMAIL.test(patch.email))
          errors.push({
            field: 'email',
            message: 'Enter an email address in the correct format, like name@example.com',
          });
      } else if (a.contactBy === 'phone') {
        patch.phone = (body.phone ?? '').trim();
        if (!PHONE.test(patch.phone))
          errors.push({ field: 'phone', message: 'Enter a phone number, like 01632 960 001 or 07700 900 982' });
      } else {
        patch.addressLine1 = required(
          body,
          'addressLine1',
          'Enter the first line of your address',
          errors,
          L.addressLine,
          'Address line 1',
        );
        patch.town = optional(body, 'town', errors, L.town, 'Town or city');
        patch.postcode = (body.postcode ?? '').trim().toUpperCase();
        if (!POSTCODE.test(patch.postcode))
          errors.push({ field: 'postcode', message: 'Enter a full UK postcode, like SY2 6ND' });
      }
      return { patch, errors };
    },
    summary: (a) => [
      {
        key: a.contactBy === 'email' ? 'Email address' : a.contactBy === 'phone' ? 'Phone number' : 'Address',
        value:
          a.contactBy === 'email'
            ? a.email!
            : a.contactBy === 'phone'
              ? a.phone!
              : [a.addressLine1, a.town, a.postcode].filter(Boolean).join(', '),
      },
    ],
  },
];

export const ROUTES: Record<RouteKey, { title: string; steps: Step[] }> = {
  adult: {
    title: 'Give feedback about Children’s Services',
    steps: [
      {
        id: 'type',
        template: 'radios',
        title: () => 'What would you like to do?',
        options: () => ADULT_TYPES,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: { type: choice(body, 'type', ADULT_TYPES, 'Choose what you would like to do', errors) },
            errors,
          };
        },
        summary: (a, label) => [{ key: 'What you want to do', value: label('type', a.type!) }],
      },
      {
        id: 'relationship',
        template: 'radios',
        title: () => 'Who are you?',
        hint: () => 'If you are a child or young person, there is a simpler form for you.',
        options: () => [...RELATIONSHIPS, { value: 'CHILD', text: 'I am a child or young person' }],
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              relationship: choice(
                body,
                'relationship',
                [...RELATIONSHIPS, { value: 'CHILD', text: '' }],
                'Choose who you are',
                errors,
              ),
            },
            errors,
          };
        },
        summary: (a, label) => [{ key: 'You are', value: label('relationship', a.relationship!) }],
      },
      {
        id: 'child',
        template: 'child',
        when: isComplaint,
        title: () => 'Which child or young person is your complaint about?',
        hint: () => 'This helps us find the right records.',
        read: (body, _a, today) => {
          const errors: FieldError[] = [];
          const patch = {
            childGivenName: required(
              body,
              'childGivenName',
              'Enter the child’s first name',
              errors,
              L.givenName,
              'The child’s first name',
            ),
            childFamilyName: required(
              body,
              'childFamilyName',
              'Enter the child’s last name',
              errors,
              L.familyName,
              'The child’s last name',
            ),
            childDob: readDate(body, 'childDob', today, errors),
          };
          return { patch, errors };
        },
        summary: (a) => [
          {
            key: 'About',
            value: `${a.childGivenName} ${a.childFamilyName}${a.childDob ? ` (born ${a.childDob})` : ''}`,
          },
        ],
      },
      {
        id: 'consent',
        template: 'consent',
        when: isComplaint,
        title: (a) => `Does ${a.childGivenName || 'the child'} know about this complaint, and agree to it?`,
        hint: () => 'We ask because the complaint is about them. It is fine if they are too young to understand.',
        options: () => CONSENT,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              consent: choice(body, 'consent', CONSENT, 'Choose whether they know and agree', errors),
              consentDetails: optional(body, 'consentDetails', errors, P.consentDetails, 'What you tell us about this'),
            },
            errors,
          };
        },
        summary: (a, label) => [
          {
            key: 'Do they agree?',
            value: label('consent', a.consent!) + (a.consentDetails ? `: ${a.consentDetails}` : ''),
          },
        ],
      },
      {
        id: 'team',
        template: 'select',
        title: () => 'Which team or service is it about?',
        hint: () => 'If you do not know, choose “I do not know”.',
        // Which teams exist is checked by the page (and again when sending); here, only that it looks like one.
        read: (body) => {
          const teamId = body.teamId ?? '';
          return {
            patch: { teamId },
            errors: teamId && !UUID.test(teamId) ? [{ field: 'teamId', message: TEAM_NOT_KNOWN }] : [],
          };
        },
        summary: (a, label) => [{ key: 'Team', value: a.teamId ? label('team', a.teamId) : 'Not known' }],
      },
      {
        id: 'what-happened',
        template: 'textarea',
        title: (a) =>
          a.type === 'complaint'
            ? 'What happened?'
            : a.type === 'compliment'
              ? 'What would you like to say?'
              : 'What is your comment or suggestion?',
        hint: (a) =>
          a.type === 'complaint'
            ? 'Tell us what went wrong, who was involved and how it has affected you or the child. Do not include bank details.'
            : a.type === 'compliment'
              ? 'Tell us who helped and what they did.'
              : undefined,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              whatHappened: required(
                body,
                'whatHappened',
                'Tell us in your own words',
                errors,
                P.whatHappened,
                'What you tell us',
              ),
            },
            errors,
          };
        },
        summary: (a) => [{ key: a.type === 'complaint' ? 'What happened' : 'What you said', value: a.whatHappened! }],
      },
      {
        id: 'when',
        template: 'date',
        when: isComplaint,
        title: () => 'When did it happen?',
        hint: () => 'If it went on for a while, give the date it started. For example, 27 3 2024',
        read: (body, _a, today) => {
          const errors: FieldError[] = [];
          const eventsOn = readDate(body, 'eventsOn', today, errors, { notSureField: 'eventsNotSure' });
          if (!eventsOn && body.eventsNotSure !== 'yes' && errors.length === 0)
            errors.push({ field: 'eventsOn', message: 'Enter the date, or tick “I am not sure”' });
          return { patch: { eventsOn, eventsNotSure: body.eventsNotSure === 'yes' ? 'yes' : '' }, errors };
        },
        summary: (a) => [{ key: 'When it happened', value: a.eventsOn || 'Not sure' }],
      },
      {
        id: 'outcome',
        template: 'textarea',
        when: isComplaint,
        title: () => 'What would you like us to do to put things right?',
        hint: () => 'Optional. For example, an apology, a meeting, or a decision made again.',
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: { outcomeWanted: optional(body, 'outcomeWanted', errors, L.outcomeWanted, 'Your answer') },
            errors,
          };
        },
        summary: (a) => [{ key: 'What would put it right', value: a.outcomeWanted || 'Not given' }],
      },
      {
        id: 'evidence',
        template: 'evidence',
        when: isComplaint,
        title: () => 'Do you want to send us any documents or photos?',
        hint: () => 'Optional. Up to 5 files, each smaller than 10 MB: PDF, Word (.docx), JPEG, PNG or plain text.',
        read: () => ({ patch: {}, errors: [] }),
        summary: () => [],
      },
      {
        id: 'your-name',
        template: 'name',
        title: () => 'What is your name?',
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              givenName: required(body, 'givenName', 'Enter your first name', errors, L.givenName, 'Your first name'),
              familyName: required(body, 'familyName', 'Enter your last name', errors, L.familyName, 'Your last name'),
            },
            errors,
          };
        },
        summary: (a) => [{ key: 'Your name', value: `${a.givenName} ${a.familyName}` }],
      },
      ...contactSteps(false),
    ],
  },
  'young-person': {
    title: 'Tell us what you think',
    steps: [
      {
        id: 'type',
        template: 'radios',
        title: () => 'What do you want to tell us?',
        options: () => YOUNG_TYPES,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: { type: choice(body, 'type', YOUNG_TYPES, 'Choose what you want to tell us', errors) },
            errors,
          };
        },
        summary: (a, label) => [{ key: 'What you want to tell us', value: label('youngType', a.type!) }],
      },
      {
        id: 'name',
        template: 'name',
        title: () => 'What is your name?',
        hint: () => 'You can just give your first name if you want to.',
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              givenName: required(body, 'givenName', 'Tell us your first name', errors, L.givenName, 'Your first name'),
              familyName: optional(body, 'familyName', errors, L.familyName, 'Your last name'),
            },
            errors,
          };
        },
        summary: (a) => [{ key: 'Your name', value: `${a.givenName} ${a.familyName ?? ''}`.trim() }],
      },
      {
        id: 'what-happened',
        template: 'textarea',
        title: (a) =>
          a.type === 'complaint'
            ? 'Tell us what’s wrong'
            : a.type === 'compliment'
              ? 'Who do you want to thank, and why?'
              : 'What is your idea?',
        hint: (a) =>
          a.type === 'complaint' ? 'Say what happened and who was involved. Write it in your own words.' : undefined,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              whatHappened: required(
                body,
                'whatHappened',
                'Tell us in your own words',
                errors,
                P.whatHappened,
                'What you tell us',
              ),
            },
            errors,
          };
        },
        summary: (a) => [{ key: 'What you told us', value: a.whatHappened! }],
      },
      {
        id: 'better',
        template: 'textarea',
        when: isComplaint,
        title: () => 'What would make it better?',
        hint: () => 'You do not have to answer this.',
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: { outcomeWanted: optional(body, 'outcomeWanted', errors, L.outcomeWanted, 'Your answer') },
            errors,
          };
        },
        summary: (a) => [{ key: 'What would make it better', value: a.outcomeWanted || 'Not given' }],
      },
      {
        id: 'advocate',
        template: 'radios',
        when: isComplaint,
        title: () => 'Would you like an advocate to help you?',
        hint: () =>
          'An advocate is someone who is on your side. They help you say what you want, and they do not work for the children’s services team. It is free.',
        options: () => ADVOCATE,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: { wantsAdvocate: choice(body, 'wantsAdvocate', ADVOCATE, 'Choose yes, no or not sure', errors) },
            errors,
          };
        },
        summary: (a, label) => [{ key: 'An advocate', value: label('advocate', a.wantsAdvocate!) }],
      },
      {
        id: 'trusted-adult',
        template: 'radios',
        when: isComplaint,
        title: () => 'Would you like an adult you trust to make the complaint for you?',
        hint: () => 'For example a carer, a teacher or your social worker. You can still tell us things yourself.',
        options: () => TRUSTED_ADULT,
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: { wantsAdult: choice(body, 'wantsAdult', TRUSTED_ADULT, 'Choose yes or no', errors) },
            errors,
          };
        },
        summary: (a) => [{ key: 'A trusted adult', value: a.wantsAdult === 'yes' ? 'Yes' : 'No' }],
      },
      {
        id: 'adult-details',
        template: 'trusted-adult',
        when: (a) => isComplaint(a) && a.wantsAdult === 'yes',
        title: () => 'Who is the adult you trust?',
        read: (body) => {
          const errors: FieldError[] = [];
          return {
            patch: {
              adultName: required(body, 'adultName', 'Tell us the adult’s name', errors, L.givenName, 'Their name'),
              adultContact: readAdultContact(body, errors),
            },
            errors,
          };
        },
        summary: (a) => [{ key: 'The adult you trust', value: `${a.adultName} (${a.adultContact})` }],
      },
      ...contactSteps(true),
    ],
  },
};

/** The steps this person is asked, in order, given their answers so far. */
export function stepsFor(route: RouteKey, a: Answers): Step[] {
  return ROUTES[route].steps.filter((s) => !s.when || s.when(a));
}

export function isRouteKey(v: string): v is RouteKey {
  return v === 'adult' || v === 'young-person';
}

/** Checks every step again before sending: the first step whose answers do not stand is where to go back to. */
export function firstIncomplete(route: RouteKey, a: Answers, today: string): Step | null {
  for (const step of stepsFor(route, a)) {
    const body = answersAsBody(step, a);
    if (step.read(body, a, today).errors.length) return step;
  }
  return null;
}

/**
 * The first question before this one that is not answered yet; with every
 * earlier answer in place, null. A step this person is not asked at all has
 * every question "before" it. Files are only taken once the questions before
 * them are answered, so a visitor cannot go straight to the upload.
 */
export function unansweredBefore(route: RouteKey, a: Answers, stepId: string, today: string): Step | null {
  const steps = stepsFor(route, a);
  const index = steps.findIndex((s) => s.id === stepId);
  return (
    (index < 0 ? steps : steps.slice(0, index)).find((s) => s.read(answersAsBody(s, a), a, today).errors.length > 0) ??
    null
  );
}

/** Turns stored answers back into form fields, to fill a page in again. */
export function answersAsBody(step: Step, a: Answers): Record<string, string> {
  const body: Record<string, string> = { ...a };
  for (const dateField of ['childDob', 'eventsOn']) {
    const v = a[dateField];
    if (v && isIsoDate(v)) {
      body[`${dateField}-day`] = String(Number(v.slice(8, 10)));
      body[`${dateField}-month`] = String(Number(v.slice(5, 7)));
      body[`${dateField}-year`] = v.slice(0, 4);
    }
  }
  void step;
  return body;
}
