import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import { can, type Permission } from '../../domain/access/roles.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page with what every page needs: the signed-in user, navigation, CSRF token, CSP nonce. */
    page(template: string, context?: Record<string, unknown>, statusCode?: number): FastifyReply;
  }
}

interface NavItem {
  href: string;
  text: string;
  permission: Permission;
}

const NAVIGATION: NavItem[] = [
  { href: '/', text: 'Cases', permission: 'cases.read.allocated' },
  { href: '/triage', text: 'Triage', permission: 'cases.write.all' },
  { href: '/cases/new', text: 'Record feedback', permission: 'cases.write.all' },
  { href: '/actions', text: 'Actions', permission: 'cases.read.allocated' },
  { href: '/outbox', text: 'Outbox', permission: 'cases.write.all' },
  { href: '/people/subject-access', text: 'Subject access', permission: 'cases.write.all' },
  { href: '/dashboard', text: 'Dashboard', permission: 'reports.read' },
  { href: '/reports/annual', text: 'Reports', permission: 'reports.read' },
  { href: '/admin', text: 'Administration', permission: 'admin.manage' },
];

export function registerPageRendering(app: FastifyInstance, config: Config): void {
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, statusCode = 200) {
      const request = this.request;
      const user = request.user;
      const nonce = (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script;
      const path = request.url.split('?')[0] ?? '/';
      const navigation = user
        ? NAVIGATION.filter(
            (n) =>
              can(user.role, n.permission) ||
              (n.permission === 'cases.read.allocated' && can(user.role, 'cases.read.all')),
          ).map((n) => ({
            href: n.href,
            text: n.text,
            active:
              n.href === '/'
                ? path === '/' || (path.startsWith('/cases') && path !== '/cases/new' && !path.endsWith('/triage'))
                : n.href === '/triage'
                  ? path === '/triage' || path.endsWith('/triage')
                  : path.startsWith(n.href),
          }))
        : [];
      const csrfToken = request.session ? this.generateCsrf() : '';
      this.code(statusCode);
      this.header('Cache-Control', 'no-store');
      return this.view(template, {
        councilName: config.councilName,
        serviceName: config.serviceName,
        user,
        navigation,
        csrfToken,
        cspNonce: nonce,
        currentPath: path,
        ...context,
        ...(context.errors ? { errors: datesLinkedToTheirDay(context.errors, request.body) } : {}),
      });
    },
  );
}

/**
 * GOV.UK: an error about a date links to its first box (`#receivedOn-day`), not to the group around the three:
 * a link to the group moves no focus. A date's boxes are posted as `<field>-day`, `-month`, `-year` (every date
 * input in Heard has its id and name prefix the same), so the form sent says which errors are about a date.
 */
export function datesLinkedToTheirDay(errors: unknown, body: unknown): unknown {
  const summary = (errors as { summary?: unknown } | null)?.summary;
  if (!Array.isArray(summary) || !body || typeof body !== 'object') return errors;
  const sent = body as Record<string, unknown>;
  return {
    ...(errors as object),
    summary: summary.map((item: { href?: unknown }) => {
      const field = typeof item?.href === 'string' && item.href.startsWith('#') ? item.href.slice(1) : null;
      return field && `${field}-day` in sent ? { ...item, href: `#${field}-day` } : item;
    }),
  };
}
