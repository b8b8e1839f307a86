import type { CouncilContact } from '../council-settings.ts';

/** The ways to reach the complaints team, in words: "email x, phone y (Monday to Friday, 9am to 5pm)". */
export function waysToContact(c: CouncilContact): string {
  return [c.email ? `email ${c.email}` : '', c.phone ? `phone ${c.phone}${c.hours ? ` (${c.hours})` : ''}` : '']
    .filter(Boolean)
    .join(' or ');
}

/**
 * The end of every email Heard sends to the public: how to contact the
 * complaints team (as an administrator set it, Administration → Council
 * contact and pages) and where to write to. Nothing about the case or the
 * person, so it is safe whoever the address belongs to.
 */
export function publicEmailFooter(c: CouncilContact): string[] {
  const ways = waysToContact(c);
  const address = c.address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [
    'How to contact us',
    ways ? `To contact ${c.councilName}'s complaints team, ${ways}.` : `Contact ${c.councilName}'s complaints team.`,
    ...(address.length ? ['', 'Write to us at:', ...address] : []),
    '',
    c.councilName,
  ];
}
