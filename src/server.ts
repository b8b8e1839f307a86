import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type Config } from './config.ts';
import { parseGroupRoles } from './domain/access/sso-roles.ts';
import type { Clock } from './domain/clock.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { databaseTarget } from './db/target.ts';
import { services, type Services } from './services/index.ts';
import { moveFileBytesToStore } from './services/attachments-move.ts';
import { localFolderStore } from './storage/local-folder.ts';
import { startBackgroundWork } from './services/background.ts';
import { senderFromConfig } from './services/notifications/from-config.ts';
import { createApp } from './web/app.ts';
import { prepareDashboard } from './web/routes/dashboard/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export { databaseTarget };

/** Compiled styles are made at install; make them now if that step was skipped. */
async function ensureAssets(): Promise<void> {
  if (existsSync(path.join(root, '.cache', 'public', 'application.css'))) return;
  const { buildAssets } = await import('./web/assets.ts');
  buildAssets();
}

export interface RunningServer {
  app: FastifyInstance;
  svc: Services;
  handle: DatabaseHandle;
  url: string;
  setupUrl: string | null;
  stop(): Promise<void>;
}

/** Boot: config -> database (migrated) -> services -> app -> listen. */
export async function startServer(
  config: Config,
  clock: Clock,
  opts: {
    /** A database already open, or being opened (heard start opens it while the web modules load). */
    handle?: DatabaseHandle | Promise<DatabaseHandle>;
    beforeListen?: (svc: Services) => Promise<void>;
    backgroundEveryMs?: number;
  } = {},
): Promise<RunningServer> {
  const opening = Promise.resolve(opts.handle ?? openDatabase(databaseTarget(config, 'heard start', 'server')));
  let groupRoles: ReturnType<typeof parseGroupRoles> & { ok: true };
  try {
    // A mistake in it stops Heard with a message naming it, before anything is served.
    const parsed = parseGroupRoles(config.sso?.groupRoles ?? '');
    if (!parsed.ok) throw new ConfigError(`HEARD_OIDC_GROUP_ROLES: ${parsed.problem}`);
    groupRoles = parsed;
    await ensureAssets();
  } catch (err) {
    await opening.then(
      (h) => h.close(),
      () => undefined,
    );
    throw err;
  }
  const handle = await opening;
  try {
    const files = localFolderStore(config.filesDir);
    const svc = services(handle.db, clock, {
      referencePrefix: config.referencePrefix,
      councilName: config.councilName,
      sender: senderFromConfig(config),
      files,
      stagedUploadQuota: config.stagedUploadQuota,
      complaintsContact: config.complaintsContact,
      sessionLifetime: config.session,
      secretKey: config.sessionSecret,
      bankHolidaysUrl: config.bankHolidaysUrl,
      reportThreadDatabaseUrl: handle.url,
    });
    // Bytes from before the file store leave the database (ADR 0010); files half-written by a stopped process go.
    await moveFileBytesToStore(handle.db, files);
    await files.removeUnfinished(new Date(clock.now().getTime() - 24 * 3600_000));
    await svc.referenceData.ensureDefaults();
    await svc.timescales.ensureDefaults();
    await svc.letters.ensureDefaults();
    // HEARD_OIDC_GROUP_ROLES adds the groups the administrator has not mapped yet; their own changes stay.
    if (config.sso) await svc.sso.seed(groupRoles.entries);
    await opts.beforeListen?.(svc);
    const setupToken = (await svc.users.count()) === 0 ? randomBytes(18).toString('base64url') : null;
    const app = await createApp(svc, config, {
      setupToken,
      logger: config.env === 'test' ? false : { level: config.logLevel },
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    const background = startBackgroundWork(svc, app.log, {
      everyMs: opts.backgroundEveryMs ?? config.backgroundEveryMs,
      refreshStatistics: handle.engine === 'pglite',
    });
    // On PostgreSQL the dashboard's first view is prepared now, in a thread of its own, so whoever opens it first
    // after a start does not wait for a large council's model (12 s at 1,000,000 cases). On PGlite the model
    // would be built in the server's own thread while it answers its first pages, so it is left to the page.
    if (handle.engine === 'postgres')
      prepareDashboard(svc).then(
        () => app.log.info("The dashboard's first view is ready"),
        (err: unknown) =>
          app.log.warn({ err }, "The dashboard's first view could not be prepared; the page will build it"),
      );
    let stopped = false;
    return {
      app,
      svc,
      handle,
      url,
      setupUrl: setupToken ? `${url}/setup?token=${setupToken}` : null,
      async stop() {
        if (stopped) return;
        stopped = true;
        await background.stop();
        // No new requests; those under way are answered first.
        const closing = app.close();
        // A report model still being built is given a few seconds to end; then its thread is ended (the
        // requests waiting for it fail, so the server can close) before its database closes under it.
        await Promise.race([svc.reports.settled(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        await svc.reports.close();
        await closing;
        await handle.close();
      },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
