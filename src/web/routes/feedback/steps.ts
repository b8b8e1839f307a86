import { formatLongDate, isIsoDate } from '../../../domain/calendar/iso-date.ts';
import { FIELD_LIMITS } from '../../../domain/cases/field-limits.ts';
import type { FieldError } from '../../form-errors.ts';
import {
  adultContact,
  consentDetails,
  contactDetailsForm,
  eventsOnForm,
  noQuestions,
  oneOf,
  optionalPastDate,
  optionalText,
  outcomeWanted,
  readStepForm,
  requiredText,
  stepForm,
  team,
  whatHappened,
  type Answers,
  type StepContext,
  type StepForm,
} from './steps.schema.ts';

export type { Answers, StepContext } from './steps.schema.ts';

/**
 * The public form, one question per page (the GOV.UK question-page pattern),
 * as data: each step says when it is asked, what it shows and, through its
 * zod schema (steps.schema.ts), how its answer is checked. Answers are
 * strings kept in the session until the form is sent.
 */
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
  /** The step's form (its fields and their rules, in steps.schema.ts), given the answers so far. */
  form: (a: Answers, context: StepContext) => StepForm;
  /** How the answer reads on the check page. */
  summary: (a: Answers, labels: (key: string, value: string) => string) => { key: string; value: string }[];
}

const L = FIELD_LIMITS;
/** Dates on the check page in the GOV.UK style: 27 March 2024. */
const longDate = (v: string) => (isIsoDate(v) ? formatLongDate(v) : v);
const isComplaint = (a: Answers) => a.type === 'complaint';

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
    form: (a) =>
      stepForm({
        contactBy: oneOf(
          contactOptions(forChild, a),
          forChild ? 'Choose how we can get in touch with you' : 'Choose how we should contact you',
        ),
      }),
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
    form: (a) => contactDetailsForm(a.contactBy),
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
        form: () => stepForm({ type: oneOf(ADULT_TYPES, 'Choose what you would like to do') }),
        summary: (a, label) => [{ key: 'What you want to do', value: label('type', a.type!) }],
      },
      {
        id: 'relationship',
        template: 'radios',
        title: () => 'Who are you?',
        hint: () => 'If you are a child or young person, there is a simpler form for you.',
        options: () => [...RELATIONSHIPS, { value: 'CHILD', text: 'I am a child or young person' }],
        form: () => stepForm({ relationship: oneOf([...RELATIONSHIPS, { value: 'CHILD' }], 'Choose who you are') }),
        summary: (a, label) => [{ key: 'You are', value: label('relationship', a.relationship!) }],
      },
      {
        id: 'child',
        template: 'child',
        when: isComplaint,
        title: () => 'Which child or young person is your complaint about?',
        hint: () => 'This helps us find the right records.',
        form: (_a, { today }) =>
          stepForm({
            childGivenName: requiredText('Enter the child’s first name', L.givenName, 'The child’s first name'),
            childFamilyName: requiredText('Enter the child’s last name', L.familyName, 'The child’s last name'),
            childDob: optionalPastDate(today),
          }),
        summary: (a) => [
          {
            key: 'About',
            value: `${a.childGivenName} ${a.childFamilyName}${a.childDob ? ` (born ${longDate(a.childDob)})` : ''}`,
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
        form: () =>
          stepForm({
            consent: oneOf(CONSENT, 'Choose whether they know and agree'),
            consentDetails: consentDetails(),
          }),
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
        // Which teams exist is checked when the page is sent (and again when the form is); otherwise only that it looks like one.
        form: (_a, { teamIds }) => stepForm({ teamId: team(teamIds) }),
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
        form: () => stepForm({ whatHappened: whatHappened() }),
        summary: (a) => [{ key: a.type === 'complaint' ? 'What happened' : 'What you said', value: a.whatHappened! }],
      },
      {
        id: 'when',
        template: 'date',
        when: isComplaint,
        title: () => 'When did it happen?',
        hint: () => 'If it went on for a while, give the date it started. For example, 27 3 2024',
        form: (_a, { today }) => eventsOnForm(today),
        summary: (a) => [{ key: 'When it happened', value: a.eventsOn ? longDate(a.eventsOn) : 'Not sure' }],
      },
      {
        id: 'outcome',
        template: 'textarea',
        when: isComplaint,
        title: () => 'What would you like us to do to put things right?',
        hint: () => 'Optional. For example, an apology, a meeting, or a decision made again.',
        form: () => stepForm({ outcomeWanted: outcomeWanted() }),
        summary: (a) => [{ key: 'What would put it right', value: a.outcomeWanted || 'Not given' }],
      },
      {
        id: 'evidence',
        template: 'evidence',
        when: isComplaint,
        title: () => 'Do you want to send us any documents or photos?',
        hint: () => 'Optional. Up to 5 files, each smaller than 10 MB: PDF, Word (.docx), JPEG, PNG or plain text.',
        form: noQuestions,
        summary: () => [],
      },
      {
        id: 'your-name',
        template: 'name',
        title: () => 'What is your name?',
        form: () =>
          stepForm({
            givenName: requiredText('Enter your first name', L.givenName, 'Your first name'),
            familyName: requiredText('Enter your last name', L.familyName, 'Your last name'),
          }),
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
        form: () => stepForm({ type: oneOf(YOUNG_TYPES, 'Choose what you want to tell us') }),
        summary: (a, label) => [{ key: 'What you want to tell us', value: label('youngType', a.type!) }],
      },
      {
        id: 'name',
        template: 'name',
        title: () => 'What is your name?',
        hint: () => 'You can just give your first name if you want to.',
        form: () =>
          stepForm({
            givenName: requiredText('Tell us your first name', L.givenName, 'Your first name'),
            familyName: optionalText(L.familyName, 'Your last name'),
          }),
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
        form: () => stepForm({ whatHappened: whatHappened() }),
        summary: (a) => [{ key: 'What you told us', value: a.whatHappened! }],
      },
      {
        id: 'better',
        template: 'textarea',
        when: isComplaint,
        title: () => 'What would make it better?',
        hint: () => 'You do not have to answer this.',
        form: () => stepForm({ outcomeWanted: outcomeWanted() }),
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
        form: () => stepForm({ wantsAdvocate: oneOf(ADVOCATE, 'Choose yes, no or not sure') }),
        summary: (a, label) => [{ key: 'An advocate', value: label('advocate', a.wantsAdvocate!) }],
      },
      {
        id: 'trusted-adult',
        template: 'radios',
        when: isComplaint,
        title: () => 'Would you like an adult you trust to make the complaint for you?',
        hint: () => 'For example a carer, a teacher or your social worker. You can still tell us things yourself.',
        options: () => TRUSTED_ADULT,
        form: () => stepForm({ wantsAdult: oneOf(TRUSTED_ADULT, 'Choose yes or no') }),
        summary: (a) => [{ key: 'A trusted adult', value: a.wantsAdult === 'yes' ? 'Yes' : 'No' }],
      },
      {
        id: 'adult-details',
        template: 'trusted-adult',
        when: (a) => isComplaint(a) && a.wantsAdult === 'yes',
        title: () => 'Who is the adult you trust?',
        form: () =>
          stepForm({
            adultName: requiredText('Tell us the adult’s name', L.givenName, 'Their name'),
            adultContact: adultContact(),
          }),
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

/** Reads a step as posted (or as answered before, through answersAsBody) with its schema: the answers to keep, or errors. */
export function readStep(
  step: Step,
  body: unknown,
  a: Answers,
  context: StepContext,
): { patch: Answers; errors: FieldError[] } {
  return readStepForm(step.form(a, context), body);
}

/** The answers a step sets. */
export function stepFields(step: Step, a: Answers, context: StepContext): readonly string[] {
  return step.form(a, context).fields;
}

const answered = (step: Step, a: Answers, today: string) =>
  readStep(step, answersAsBody(step, a), a, { today }).errors.length === 0;

/** Checks every step again before sending: the first step whose answers do not stand is where to go back to. */
export function firstIncomplete(route: RouteKey, a: Answers, today: string): Step | null {
  return stepsFor(route, a).find((step) => !answered(step, a, today)) ?? null;
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
  return (index < 0 ? steps : steps.slice(0, index)).find((s) => !answered(s, a, today)) ?? null;
}

/**
 * After an answer is changed from the check page, the next question that
 * depends on it: the first later step whose answers no longer stand (a phone
 * number once "How we contact you" becomes phone, the child's details once it
 * becomes a complaint). Null when every later answer stands: back to check.
 */
export function firstUnansweredAfter(route: RouteKey, a: Answers, stepId: string, today: string): Step | null {
  const steps = stepsFor(route, a);
  const index = steps.findIndex((s) => s.id === stepId);
  return steps.slice(index + 1).find((s) => !answered(s, a, today)) ?? null;
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
