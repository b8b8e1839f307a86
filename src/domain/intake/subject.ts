/**
 * A subject for feedback that came without one (the web form asks what
 * happened, not for a title): its first sentence when that is short enough,
 * else its first words up to the last whole word, with an ellipsis. Never a
 * word cut in half ("…still not r…"); the officer can change it on the case.
 */
export function subjectFrom(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(flat)?.[1];
  if (sentence && sentence.length <= max) return sentence;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  // One enormous "word" (a pasted link) is cut where it must be.
  const words = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${words.replace(/[\s,;:–-]+$/, '')}…`;
}
