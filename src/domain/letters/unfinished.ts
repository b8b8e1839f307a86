import { MERGE_FIELDS, type MergeField } from './merge.ts';

/**
 * What is still unwritten in a letter: the template's bracketed instructions
 * ("[Write the findings for each point of the complaint here…]"), a merge
 * field the case had nothing for (merged as "[the complainant's name]"), or a
 * merge field left as written ("{{reference}}"). A letter with any of them
 * cannot go out, by email or on paper: a complainant once received a Stage 1
 * response with the instruction text still in it.
 */
export type UnfinishedKind = 'instruction' | 'empty_field' | 'unmerged_field';

export interface UnfinishedPart {
  kind: UnfinishedKind;
  /** Where it is: the subject line, or the letter itself. */
  where: 'subject' | 'body';
  /** The line of the letter it is on, counted from 1 (always 1 for the subject). */
  line: number;
  /** The text as it stands in the letter, brackets included. */
  text: string;
  /** For an empty or unmerged field: which one. */
  field?: MergeField | string;
}

// Square brackets (or full-width ones) around anything with a letter in it: "[Write…]", "[Name]", "[the team]",
// also when a long instruction wraps onto the next line. "[1]" or "[ ]" are not words anyone was asked to replace.
const BRACKETED = /[[［](?=[^\]］]{0,600}[\]］])[^\]］]*?[A-Za-z][^\]］]*[\]］]/g;
const UNMERGED = /\{\{\s*([^}]{0,200}?)\s*\}\}/g;

/** The merge field whose "nothing on the case" marker this bracketed text is, if any. */
const EMPTY_MARKERS = new Map<string, MergeField>(
  Object.entries(MERGE_FIELDS).map(([name, meaning]) => [`[${meaning.toLowerCase()}]`, name as MergeField]),
);

function partsOf(text: string, where: UnfinishedPart['where']): UnfinishedPart[] {
  // Matched over the whole text, so an instruction that wraps onto a second line is still found; its line is where it starts.
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const flat = (t: string) => t.replace(/\s*\r?\n\s*/g, ' ');
  const found: (UnfinishedPart & { at: number })[] = [];
  for (const m of text.matchAll(BRACKETED)) {
    const field = EMPTY_MARKERS.get(flat(m[0]).toLowerCase());
    const line = lineAt(m.index);
    found.push(
      field
        ? { kind: 'empty_field', where, line, text: flat(m[0]), field, at: m.index }
        : { kind: 'instruction', where, line, text: flat(m[0]), at: m.index },
    );
  }
  for (const m of text.matchAll(UNMERGED))
    found.push({
      kind: 'unmerged_field',
      where,
      line: lineAt(m.index),
      text: flat(m[0]),
      field: flat(m[1]!),
      at: m.index,
    });
  found.sort((a, b) => a.at - b.at);
  return found.map(({ at: _at, ...part }) => part);
}

/** Everything still to write in a letter, subject first, in reading order. Empty when it may go out. */
export function unfinishedParts(subject: string, body: string): UnfinishedPart[] {
  return [...partsOf(subject, 'subject'), ...partsOf(body, 'body')];
}

const MAX_QUOTED = 60;
function quoted(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…]` : text;
}

/** The sentence an officer reads about one part: what it is, where, and what to do. */
export function describeUnfinished(part: UnfinishedPart): string {
  const where = part.where === 'subject' ? 'The subject' : `Line ${part.line} of the letter`;
  switch (part.kind) {
    case 'instruction':
      return `${where} still has the template's instruction "${quoted(part.text)}": replace it with what you want to say`;
    case 'empty_field':
      return `${where} has an empty merge field, "${quoted(part.text)}": the case has nothing for it yet. Record it on the case and draft the letter again, or write the words in`;
    case 'unmerged_field':
      return `${where} has a merge field Heard cannot fill, "${quoted(part.text)}": write the words in instead`;
    default: {
      const never: never = part.kind;
      throw new Error(`Unknown kind ${String(never)}`);
    }
  }
}
