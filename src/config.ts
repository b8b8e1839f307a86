import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Development has safe defaults;
 * production must say what it wants (a session secret, a real database).
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  HEARD_DATA_DIR: z.string().default('.heard-data'),
  /** Where attachment bytes are kept (ADR 0010); also with DATABASE_URL. */
  HEARD_FILES_DIR: z.string().optional(),
  /** Files waiting on unsent public forms, in MB (1,048,576 bytes): from one address, and from everyone. */
  STAGED_UPLOADS_PER_ADDRESS_MB: z.coerce.number().int().min(0).default(50),
  STAGED_UPLOADS_TOTAL_MB: z.coerce.number().int().min(0).default(1024),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  COUNCIL_NAME: z.string().min(1).default('Example Council'),
  /** How people reach the complaints team: said in every acknowledgement email. */
  COMPLAINTS_EMAIL: z.email('COMPLAINTS_EMAIL must be an email address').optional(),
  COMPLAINTS_PHONE: z.string().min(1).optional(),
  SERVICE_NAME: z.string().min(1).default("Children's Services feedback"),
  REFERENCE_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,6}$/, 'REFERENCE_PREFIX must be 2 to 6 capital letters')
    .default('CS'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFICATIONS: z.enum(['outbox', 'smtp', 'notify']).default('outbox'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Heard <no-reply@example.gov.uk>'),
  NOTIFY_API_KEY: z.string().optional(),
  NOTIFY_TEMPLATE_ID: z.string().optional(),
  /** A Notify text message template whose body is ((body)): codes for Track your feedback go by text to people who gave only a phone number. */
  NOTIFY_SMS_TEMPLATE_ID: z.string().optional(),
  NOTIFY_BASE_URL: z.string().url().optional(),
  /** Behind a TLS-terminating proxy in production: cookies are Secure. */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated). None by default. */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p)),
      'TRUSTED_PROXIES must be addresses or CIDR ranges separated by commas, e.g. 10.0.0.5,10.1.0.0/16',
    ),
  /** Shows error details (stack traces) on error pages. Never on a server the public can reach. */
  HEARD_DEBUG: z.enum(['true', 'false']).default('false'),
  /** A session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5, 'SESSION_IDLE_MINUTES must be at least 5')
    .max(7 * 24 * 60)
    .default(30),
  /** …and this long after signing in, however active. */
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1, 'SESSION_ABSOLUTE_HOURS must be at least 1')
    .max(30 * 24)
    .default(12),
  /** The address staff reach Heard at, e.g. https://heard.example.gov.uk: links in emails (password reset) and the single sign-on addresses start with it. */
  HEARD_BASE_URL: z.string().url('HEARD_BASE_URL must be an address like https://heard.example.gov.uk').optional(),
  /** Single sign-on (OpenID Connect): the identity provider, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 */
  HEARD_OIDC_ISSUER: z.string().url("HEARD_OIDC_ISSUER must be the identity provider's issuer address").optional(),
  HEARD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  HEARD_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where the provider sends people back to; <HEARD_BASE_URL>/sign-in/sso/callback unless set. */
  HEARD_OIDC_REDIRECT_URI: z.string().url().optional(),
  /** Where the provider sends people after signing out there; <HEARD_BASE_URL>/sign-in?ended=signed-out unless set. */
  HEARD_OIDC_POST_LOGOUT_REDIRECT_URI: z.string().url().optional(),
  HEARD_OIDC_SCOPES: z.string().default('openid profile email'),
  /** Groups (or app roles) and the Heard role each gives: JSON {"<group>": "<role>"} or "<group>=<role>,<group>=<role>". */
  HEARD_OIDC_GROUP_ROLES: z.string().optional(),
  /** With single sign-on: "administrators" lets only administrators sign in with a Heard password (break-glass). */
  HEARD_LOCAL_SIGN_IN: z.enum(['everyone', 'administrators']).default('everyone'),
  /** Administrators signing in with a Heard password must also give a code from an authenticator app. */
  HEARD_MFA_FOR_ADMINISTRATORS: z.enum(['true', 'false']).default('true'),
  /** Where the daily bank holidays refresh (off until an administrator turns it on) fetches from. */
  BANK_HOLIDAYS_URL: z.string().url().default('https://www.gov.uk/bank-holidays.json'),
  /** How often each server does its background work (queued email first): seconds between runs. */
  HEARD_BACKGROUND_SECONDS: z.coerce.number().positive().max(3600).default(15),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** Set: a PostgreSQL server. Unset: embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The attachment file store's folder: <dataDir>/files unless HEARD_FILES_DIR says otherwise. */
  filesDir: string;
  stagedUploadQuota: { perAddressBytes: number; totalBytes: number };
  sessionSecret: string;
  secureCookies: boolean;
  /** Proxies trusted to say who the client is; empty: the socket's address is the client's. */
  trustedProxies: string[];
  /** Error pages show stack traces. Off unless HEARD_DEBUG=true, whatever NODE_ENV says. */
  debug: boolean;
  /** Minutes without a request, and hours since it began, after which a session is over. */
  session: { idleMinutes: number; absoluteHours: number };
  /** The address staff reach Heard at (HEARD_BASE_URL), for links in emails; unset: http://localhost:<port>. */
  baseUrl: string;
  /** Single sign-on with the council's identity provider; null when not configured. */
  sso: SsoConfig | null;
  /** Who may sign in with a Heard password: everyone, or (with single sign-on) only administrators, as break-glass. */
  localSignIn: 'everyone' | 'administrators';
  /** Who must use a second factor (TOTP) with a Heard password; the administrator may require it of everyone too. */
  mfa: { administrators: boolean };
  /** GOV.UK's bank-holidays.json, unless BANK_HOLIDAYS_URL says otherwise. */
  bankHolidaysUrl: string;
  /** Milliseconds between one run of the background work (src/services/background.ts) and the next. */
  backgroundEveryMs: number;
  councilName: string;
  complaintsContact: { email?: string; phone?: string };
  serviceName: string;
  referencePrefix: string;
  logLevel: string;
  notifications:
    | { via: 'outbox' }
    | { via: 'smtp'; url: string; from: string }
    | {
        via: 'notify';
        apiKey: string;
        templateId: string;
        smsTemplateId?: string | undefined;
        baseUrl: string | undefined;
      };
}

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  /** HEARD_OIDC_GROUP_ROLES as written: read (src/domain/access/sso-roles.ts) and seeded into the administrator's mapping at start-up. */
  groupRoles: string;
}

export class ConfigError extends Error {}

/** Reads the single sign-on settings: none unless HEARD_OIDC_ISSUER is set, then all it needs. */
function ssoConfig(e: z.infer<typeof EnvSchema>, baseUrl: string): SsoConfig | null {
  if (!e.HEARD_OIDC_ISSUER) {
    if (e.HEARD_OIDC_CLIENT_ID) throw new ConfigError('HEARD_OIDC_CLIENT_ID is set but HEARD_OIDC_ISSUER is not.');
    return null;
  }
  if (!e.HEARD_OIDC_CLIENT_ID) throw new ConfigError('HEARD_OIDC_ISSUER needs HEARD_OIDC_CLIENT_ID too.');
  if (!e.HEARD_OIDC_REDIRECT_URI && !e.HEARD_BASE_URL)
    throw new ConfigError(
      'Single sign-on needs HEARD_BASE_URL (or HEARD_OIDC_REDIRECT_URI) to say where people come back to.',
    );
  return {
    issuer: e.HEARD_OIDC_ISSUER,
    clientId: e.HEARD_OIDC_CLIENT_ID,
    clientSecret: e.HEARD_OIDC_CLIENT_SECRET,
    redirectUri: e.HEARD_OIDC_REDIRECT_URI ?? `${baseUrl}/sign-in/sso/callback`,
    postLogoutRedirectUri: e.HEARD_OIDC_POST_LOGOUT_REDIRECT_URI ?? `${baseUrl}/sign-in?ended=signed-out`,
    scopes: e.HEARD_OIDC_SCOPES,
    groupRoles: e.HEARD_OIDC_GROUP_ROLES ?? '',
  };
}

const MB = 1024 * 1024;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Heard's configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.HEARD_DATA_DIR);
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET is required in production (at least 32 random characters).');
  }
  let notifications: Config['notifications'] = { via: 'outbox' };
  if (e.NOTIFICATIONS === 'smtp') {
    if (!e.SMTP_URL)
      throw new ConfigError('NOTIFICATIONS=smtp needs SMTP_URL, e.g. smtp://user:pass@mail.example.gov.uk:587');
    if (!URL.canParse(e.SMTP_URL) || !/^(smtps?|direct):$/.test(new URL(e.SMTP_URL).protocol))
      // Never the URL itself in the message: it usually holds the SMTP password.
      throw new ConfigError(
        'SMTP_URL is not an SMTP address: it should look like smtp://user:pass@mail.example.gov.uk:587 ' +
          '(smtps:// for TLS from the start), with any special characters in the user name or password percent-encoded.',
      );
    notifications = { via: 'smtp', url: e.SMTP_URL, from: e.MAIL_FROM };
  } else if (e.NOTIFICATIONS === 'notify') {
    if (!e.NOTIFY_API_KEY || !e.NOTIFY_TEMPLATE_ID)
      throw new ConfigError(
        'NOTIFICATIONS=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID (an email template with ((subject)) and ((body)))',
      );
    notifications = {
      via: 'notify',
      apiKey: e.NOTIFY_API_KEY,
      templateId: e.NOTIFY_TEMPLATE_ID,
      smsTemplateId: e.NOTIFY_SMS_TEMPLATE_ID,
      baseUrl: e.NOTIFY_BASE_URL,
    };
  }
  const baseUrl = (e.HEARD_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    notifications,
    baseUrl,
    sso: ssoConfig(e, baseUrl),
    localSignIn: e.HEARD_LOCAL_SIGN_IN,
    mfa: { administrators: e.HEARD_MFA_FOR_ADMINISTRATORS === 'true' },
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    filesDir: e.HEARD_FILES_DIR ? path.resolve(e.HEARD_FILES_DIR) : path.join(dataDir, 'files'),
    stagedUploadQuota: {
      perAddressBytes: e.STAGED_UPLOADS_PER_ADDRESS_MB * MB,
      totalBytes: e.STAGED_UPLOADS_TOTAL_MB * MB,
    },
    sessionSecret: e.SESSION_SECRET ?? localSecret(dataDir),
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : e.NODE_ENV === 'production',
    trustedProxies: e.TRUSTED_PROXIES,
    debug: e.HEARD_DEBUG === 'true',
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    bankHolidaysUrl: e.BANK_HOLIDAYS_URL,
    backgroundEveryMs: Math.round(e.HEARD_BACKGROUND_SECONDS * 1000),
    councilName: e.COUNCIL_NAME,
    complaintsContact: { email: e.COMPLAINTS_EMAIL, phone: e.COMPLAINTS_PHONE },
    serviceName: e.SERVICE_NAME,
    referencePrefix: e.REFERENCE_PREFIX,
    logLevel: e.LOG_LEVEL,
  };
}

/** Outside production, a random secret kept in the data folder, so sessions survive a restart without anyone choosing a password. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
