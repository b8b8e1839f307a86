import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * The one password policy, for every place a password is set: an
 * administrator adding an account or setting a new password, the first
 * administrator, `heard create-admin`, and anyone changing their own.
 *
 * NIST SP 800-63B (5.1.1.2): at least a minimum length, no composition rules,
 * and refuse passwords that are common, expected or about the person. The
 * strength is zxcvbn's estimate (score 3 or 4: at least 10^8 guesses) against
 * its lists of common passwords, words and names, keyboard patterns,
 * sequences, repeats and dates, with the person's name and email address and
 * Heard's own words as things an attacker would try first.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const MIN_PASSWORD_SCORE = 3;

/** Words anyone attacking a council's complaints system would try. */
const SERVICE_WORDS = [
  'heard',
  'complaint',
  'complaints',
  'feedback',
  'children',
  'childrens',
  'services',
  'social',
  'council',
  'admin',
  'administrator',
];

let checker: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment. A check runs on the web server's one
  // thread, so its cost is bounded: Levenshtein matching is left off (about half a second a
  // check), only the first 64 characters are examined (a 256-character password took seconds),
  // and l33t substitutions are tried at most 10 at a time. The library and its dictionaries are loaded
  // here too, not with the module: they take about half a second, which no command but a password needs.
  if (checker) return checker;
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  checker = new Factory({
    translations: {
      ...english.translations,
      warnings: {
        ...english.translations.warnings,
        userInputs: 'Do not use your name, your email address or words about this service.',
      },
    },
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    maxLength: 64,
    l33tMaxSubstitutions: 10,
  });
  return checker;
}

export interface PasswordOwner {
  email?: string | null;
  displayName?: string | null;
}

/** The person's own words: their name, its parts, their email address and its parts. */
export function personalWords(owner: PasswordOwner): string[] {
  const words = new Set<string>();
  const add = (w: string | null | undefined) => {
    const t = (w ?? '').trim().toLowerCase();
    if (t.length >= 3) words.add(t);
  };
  add(owner.displayName);
  add((owner.displayName ?? '').replace(/[\s'’.-]+/g, ''));
  for (const part of (owner.displayName ?? '').split(/[\s'’.-]+/)) add(part);
  const email = (owner.email ?? '').trim().toLowerCase();
  add(email);
  const [local, domain] = email.split('@');
  add(local);
  add((local ?? '').replace(/[._+-]+/g, ''));
  for (const part of (local ?? '').split(/[._+-]+/)) add(part);
  for (const part of (domain ?? '').split('.')) add(part);
  return [...words];
}

/**
 * What is wrong with a new password, as a message for the person choosing it,
 * or null when it will do.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  // A form field sent twice arrives as a list: never a password.
  if (typeof password !== 'string' || password.length === 0) return 'Enter a password';
  if (password.trim().length === 0) return 'The password must not be only spaces';
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const result = zxcvbn().check(password, [...personalWords(owner), ...SERVICE_WORDS]);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ? `${result.feedback.warning.replace(/\.$/, '')}. ` : '';
  return `${why}Choose a password that is harder to guess, such as three or four random words`;
}
