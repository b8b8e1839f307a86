import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import nunjucks from 'nunjucks';
import type { Config } from '../config.ts';
import type { Services } from '../services/index.ts';
import { registerSingleValuedInput } from './http/single-values.ts';
import { registerHeaderGuard } from './http/header-guard.ts';
import { registerRouteTable } from './middleware/route-access.ts';
import { readMultipartToken } from './http/multipart.ts';
import { registerAuth } from './middleware/auth.ts';
import { registerErrorHandling } from './middleware/errors.ts';
import { registerPageRendering } from './middleware/render.ts';
import { configureNunjucks } from './nunjucks-env.ts';
import { accountRoutes } from './routes/account/index.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { caseRoutes } from './routes/cases/index.ts';
import { subjectAccessRoutes } from './routes/people/subject-access.ts';
import { newCaseRoutes } from './routes/cases/new.ts';
import { caseworkRoutes } from './routes/cases/casework.ts';
import { letterRoutes } from './routes/cases/letters.ts';
import { feedbackRoutes } from './routes/feedback/index.ts';
import { publicPageRoutes } from './routes/public-pages/index.ts';
import { trackRoutes } from './routes/track/index.ts';
import { triageRoutes } from './routes/triage/index.ts';
import { outboxRoutes } from './routes/outbox/index.ts';
import { reportRoutes } from './routes/reports/index.ts';
import { reportTextRoutes } from './routes/reports/texts.ts';
import { ombudsmanLetterRoutes } from './routes/reports/ombudsman-letter.ts';
import { codeReportRoutes } from './routes/reports/code.ts';
import { dashboardRoutes } from './routes/dashboard/index.ts';
import { homeRoutes } from './routes/home/index.ts';
import { setupRoutes } from './routes/setup/index.ts';
import { signInRoutes } from './routes/sign-in/index.ts';
import { ssoRoutes } from './routes/sign-in/sso.ts';
import { passwordResetRoutes } from './routes/sign-in/reset.ts';
import { signInCodeRoutes } from './routes/sign-in/code.ts';
import { oidcClient } from '../services/oidc-client.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export interface AppOptions {
  /** First-run setup token; when set and there are no users, /setup creates the first administrator. */
  setupToken?: string | null;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the web app from the services it is given: routes never open the database themselves. */
export async function createApp(svc: Services, config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: 1_048_576,
  });
  registerRouteTable(app);

  // HSTS and upgrade-insecure-requests only where Heard is reached over HTTPS: sent over plain HTTP
  // (development on 127.0.0.1) they make a browser refuse the site, or other local sites, afterwards.
  await app.register(helmet, {
    enableCSPNonces: true,
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
  });
  await app.register(formbody);
  // Signs the CSRF secret's cookie; its own key, derived from the session secret.
  await app.register(cookie, {
    secret: createHmac('sha256', config.sessionSecret).update('heard csrf cookie').digest('hex'),
  });
  await app.register(session, {
    secret: config.sessionSecret,
    cookieName: 'heard.sid',
    store: svc.sessions,
    saveUninitialized: false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      // No maxAge: a browser-session cookie, gone when the browser closes (as the cookies page says), so a
      // shared computer keeps no one's answers. How long a session lasts is the store's to say, against Heard's
      // clock (session-store.ts): the staff idle limit, or the public form's 8 hours since the last step.
      path: '/',
    },
  });
  // The CSRF secret is in its own signed cookie, not the session, so showing a form saves no session
  // (__Host-: only this host, over HTTPS, may set it). Sessions are saved only when something is put in them.
  // The token comes in the form body; a file upload's is its first field (see http/multipart.ts), never the URL.
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.secureCookies ? '__Host-heard.csrf' : 'heard.csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
    getToken: (req) => {
      const token = req.body && typeof req.body === 'object' && '_csrf' in req.body ? req.body._csrf : undefined;
      return typeof token === 'string' ? token : undefined;
    },
  });
  // Files are at most 10 MB (bank holiday files far less); the limits are enforced again where each is read.
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 5, fields: 10 } });
  await app.register(rateLimit, { global: false });
  // GOV.UK's fonts and images change only with govuk-frontend itself: a week in the browser's cache.
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '7d',
  });
  // Heard's own stylesheet and script are named in every page with a hash of their content (?v=), so a
  // browser keeps them for a year and still fetches the new ones the moment an upgrade changes them.
  const publicDir = path.join(root, '.cache', 'public');
  const assetVersion = contentVersion(publicDir);
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/public/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
  });
  await app.register(view, {
    engine: { nunjucks },
    templates: [
      path.join(here, 'views'),
      path.join(here, 'routes'),
      path.join(root, 'node_modules', 'govuk-frontend', 'dist'),
    ],
    options: {
      onConfigure: (env: nunjucks.Environment) => {
        configureNunjucks(env);
        env.addGlobal('assetVersion', assetVersion);
      },
    },
  });

  registerPageRendering(app, config);
  registerHeaderGuard(app);
  registerSingleValuedInput(app);
  registerAuth(app, svc);
  registerErrorHandling(app, config);

  // Every state-changing request carries the session's CSRF token.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST') return done();
    if (request.isMultipart())
      return void readMultipartToken(request, reply)
        .then(() => app.csrfProtection(request, reply, done))
        .catch(done);
    return app.csrfProtection(request, reply, done);
  });

  const oidc = config.sso ? oidcClient(config.sso) : null;
  await app.register(signInRoutes, { svc, config, oidc });
  await app.register(ssoRoutes, { svc, oidc });
  await app.register(passwordResetRoutes, { svc, baseUrl: config.baseUrl });
  await app.register(signInCodeRoutes, { svc });
  await app.register(setupRoutes, {
    svc,
    setupToken: options.setupToken ?? null,
    mfaForAdministrators: config.mfa.administrators,
  });
  await app.register(homeRoutes, { svc });
  await app.register(accountRoutes, { svc, config });
  await app.register(newCaseRoutes, { svc });
  await app.register(caseRoutes, { svc });
  await app.register(subjectAccessRoutes, { svc });
  await app.register(caseworkRoutes, { svc });
  await app.register(letterRoutes, { svc });
  await app.register(feedbackRoutes, { svc });
  await app.register(trackRoutes, { svc });
  await app.register(publicPageRoutes, { svc });
  await app.register(triageRoutes, { svc });
  await app.register(outboxRoutes, { svc });
  await app.register(reportRoutes, { svc, councilName: config.councilName });
  await app.register(reportTextRoutes, { svc });
  await app.register(ombudsmanLetterRoutes, { svc });
  await app.register(codeReportRoutes, { svc, councilName: config.councilName });
  await app.register(dashboardRoutes, { svc, councilName: config.councilName });
  await app.register(adminRoutes, { svc, ssoConfigured: oidc !== null, prefix: '/admin' });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}

/** A short hash of the built public files, for their addresses: it changes whenever any of them does. */
function contentVersion(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}
