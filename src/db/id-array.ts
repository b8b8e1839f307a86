import { sql, type SQL } from 'drizzle-orm';

/**
 * Ids as one PostgreSQL array parameter, for `= any(...)`: one parameter however many ids, where
 * `in ($1, ..., $8460)` costs drizzle a parameter each to build (and PostgreSQL a plan for that many). Given
 * as the array's text, which both PostgreSQL and PGlite read whatever their drivers do with JavaScript arrays.
 * For ids only: a uuid holds no comma, brace or quote. `as: 'text'` for ids kept in a text column.
 */
export function idArray(ids: readonly string[], as: 'uuid' | 'text' = 'uuid'): SQL {
  const literal = `{${ids.join(',')}}`;
  return as === 'uuid' ? sql`${literal}::uuid[]` : sql`${literal}::text[]`;
}
