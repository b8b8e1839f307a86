import type { FastifyPluginAsync } from 'fastify';
import type { CouncilSettings } from '../../../services/council-settings.ts';
import type { Services } from '../../../services/index.ts';

/** The council's pages every public service needs, with the texts an administrator set (or Heard's defaults). */
const PAGES: { path: string; title: string; text: (s: CouncilSettings) => string }[] = [
  { path: '/privacy', title: 'Privacy notice', text: (s) => s.privacyNotice },
  { path: '/accessibility', title: 'Accessibility statement', text: (s) => s.accessibilityStatement },
  { path: '/cookies', title: 'Cookies', text: (s) => s.cookiesText },
];

/** Plain text as paragraphs: a blank line starts a new one (the template escapes each). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export const publicPageRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  for (const page of PAGES)
    app.get(page.path, async (_request, reply) => {
      const settings = await svc.councilSettings.all();
      return reply.page('public-pages/page.njk', {
        title: page.title,
        paragraphs: paragraphs(page.text(settings)),
        contact: settings,
      });
    });
};
