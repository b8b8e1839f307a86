import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { savedFilters } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { parseCommand } from './commands.ts';
import { DomainError, NotFoundError } from './errors.ts';

/** How many filters one person may keep: a list to choose from, not a store. */
export const SAVED_FILTERS_PER_USER = 50;
export const SAVED_FILTER_NAME_MAX = 80;
/** The list's query string is a handful of short choices; anything longer is not one of its queries. */
export const SAVED_FILTER_QUERY_MAX = 1000;

export const SaveFilterCommand = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name for these filters')
    .max(SAVED_FILTER_NAME_MAX, `The name must be ${SAVED_FILTER_NAME_MAX} characters or fewer`),
  query: z.string().max(SAVED_FILTER_QUERY_MAX, 'These filters are too long to save'),
});
export type SaveFilterCommand = z.input<typeof SaveFilterCommand>;

export interface SavedFilter {
  id: string;
  name: string;
  /** The case list's query string, without the leading "?". */
  query: string;
}

/**
 * Case list filters a member of staff has named. Each person sees, applies and
 * deletes only their own: every query is narrowed to the actor's own user id,
 * so another person's filter answers "not found".
 */
export function savedFiltersService(db: Database, clock: Clock) {
  const owner = (actor: Actor): string => {
    if (!actor.userId) throw new NotFoundError('That saved filter');
    return actor.userId;
  };

  return {
    async list(actor: Actor): Promise<SavedFilter[]> {
      if (!actor.userId) return [];
      return db
        .select({ id: savedFilters.id, name: savedFilters.name, query: savedFilters.query })
        .from(savedFilters)
        .where(eq(savedFilters.userId, actor.userId))
        .orderBy(asc(savedFilters.name));
    },

    /** Saves the filters under a name; saving again under a name already used replaces what it holds. */
    async save(actor: Actor, raw: SaveFilterCommand): Promise<SavedFilter> {
      const userId = owner(actor);
      const input = parseCommand(SaveFilterCommand, raw);
      return db.transaction(async (tx) => {
        const mine = await tx
          .select({ id: savedFilters.id, name: savedFilters.name })
          .from(savedFilters)
          .where(eq(savedFilters.userId, userId));
        const same = mine.find((f) => f.name === input.name);
        if (same) {
          await tx.update(savedFilters).set({ query: input.query }).where(eq(savedFilters.id, same.id));
          return { id: same.id, name: input.name, query: input.query };
        }
        if (mine.length >= SAVED_FILTERS_PER_USER)
          throw new DomainError(
            'SAVED_FILTER.TOO_MANY',
            `You have ${SAVED_FILTERS_PER_USER} saved filters: delete one before saving another`,
            'name',
          );
        const [made] = await tx
          .insert(savedFilters)
          .values({ userId, name: input.name, query: input.query, createdAt: clock.now() })
          .returning({ id: savedFilters.id, name: savedFilters.name, query: savedFilters.query });
        return made!;
      });
    },

    /** One of the actor's own filters; another person's (or none) is "not found". */
    async get(actor: Actor, id: string): Promise<SavedFilter> {
      const userId = owner(actor);
      if (!z.uuid().safeParse(id).success) throw new NotFoundError('That saved filter');
      const [row] = await db
        .select({ id: savedFilters.id, name: savedFilters.name, query: savedFilters.query })
        .from(savedFilters)
        .where(and(eq(savedFilters.id, id), eq(savedFilters.userId, userId)));
      if (!row) throw new NotFoundError('That saved filter');
      return row;
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const userId = owner(actor);
      if (!z.uuid().safeParse(id).success) throw new NotFoundError('That saved filter');
      const gone = await db
        .delete(savedFilters)
        .where(and(eq(savedFilters.id, id), eq(savedFilters.userId, userId)))
        .returning({ id: savedFilters.id });
      if (gone.length === 0) throw new NotFoundError('That saved filter');
    },
  };
}
export type SavedFiltersService = ReturnType<typeof savedFiltersService>;
