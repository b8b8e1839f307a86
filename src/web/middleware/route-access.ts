import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Permission } from '../../domain/access/roles.ts';

/**
 * Who may use a route, declared where the route is made. Every route must
 * declare one: a route without it stops Heard from starting (deny by default),
 * and the authorisation test walks this table for every role.
 */
export type RouteAccess =
  | { kind: 'public' } // anyone, signed in or not
  | { kind: 'signed-in' } // any member of staff; the handler or service narrows it further
  | { kind: 'permission'; anyOf: readonly Permission[] };

/**
 * Paths anyone may open: signing in, first-run setup, the public form, tracking
 * it, the council's privacy, accessibility and cookies pages, assets, the health check.
 */
const PUBLIC_PREFIXES = [
  '/sign-in',
  '/setup',
  '/assets/',
  '/public/',
  '/health',
  '/feedback',
  '/track',
  '/privacy',
  '/accessibility',
  '/cookies',
];

export function isPublicPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

const ACCESS = Symbol('heard.routeAccess');
type Tagged = { [ACCESS]?: RouteAccess };

/** Marks a guard (a preHandler) with the access it enforces, so the route table can say it. */
export function declaresAccess<T extends object>(guard: T, access: RouteAccess): T {
  (guard as Tagged)[ACCESS] = access;
  return guard;
}

export function accessOfRoute(route: Pick<RouteOptions, 'url' | 'preHandler'>): RouteAccess | null {
  if (isPublicPath(route.url)) return { kind: 'public' };
  const guards = [route.preHandler].flat().filter(Boolean) as Tagged[];
  return guards.map((g) => g[ACCESS]).find((a) => a !== undefined) ?? null;
}

export interface RouteTableEntry {
  method: string;
  url: string;
  access: RouteAccess | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with the access it declares: read by the authorisation test. */
    routeTable(): RouteTableEntry[];
  }
}

/** Registered first, so that it sees every route, the static files' included. */
export function registerRouteTable(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  const table = () =>
    routes.flatMap((r) => [r.method].flat().map((method) => ({ method, url: r.url, access: accessOfRoute(r) })));
  app.decorate('routeTable', table);
  app.addHook('onReady', async () => {
    const undeclared = table().filter((r) => r.access === null);
    if (undeclared.length > 0) {
      throw new Error(
        `Every route must declare who may use it (requirePermission or signedIn): ${undeclared.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      );
    }
  });
}
