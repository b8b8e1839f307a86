/**
 * Route generics for addresses and queries that need no checking beyond
 * being text: fastify gives every parameter and query value as a string (a
 * value sent twice is refused first, see single-values.ts), so these only
 * name them. A query whose values must be one of a list is read with a zod
 * schema instead (home.schema.ts, reports/period.schema.ts).
 */

/** A page that says its change was saved when its address ends ?done=… (the redirect after a change; see cases/done-messages.ts). */
export interface SavedQuery {
  done?: string;
}

/** A page about one thing, named by its id in the address, that may say it was saved. */
export interface IdRoute {
  Params: { id: string };
  Querystring: SavedQuery;
}

/** A page that may say it was saved. */
export interface SavedRoute {
  Querystring: SavedQuery;
}
