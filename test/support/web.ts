import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Services } from '../../src/services/index.ts';
import { createApp } from '../../src/web/app.ts';
import { tempFolder } from './files.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'a-test-secret-that-is-at-least-32-characters-long',
      COUNCIL_NAME: 'Test Council',
      HEARD_FILES_DIR: tempFolder(),
      // Tests of other features sign administrators in with a password alone; mfa.int.test.ts turns codes on.
      HEARD_MFA_FOR_ADMINISTRATORS: 'false',
    }),
    ...overrides,
  };
}

export async function testApp(svc: Services, opts: { setupToken?: string } = {}): Promise<FastifyInstance> {
  const app = await createApp(svc, testConfig(), { setupToken: opts.setupToken ?? null });
  await app.ready();
  return app;
}

/** A browser-like client over fastify.inject: keeps cookies, and finds the CSRF token on the last page. */
export class Browser {
  private cookies = new Map<string, string>();
  lastBody = '';
  /** remoteAddress: where the requests come from (the default is inject's 127.0.0.1). */
  // Fields assigned by hand, not as parameter properties: Node's own type stripping cannot run those.
  private readonly app: FastifyInstance;
  private readonly opts: { remoteAddress?: string };
  constructor(app: FastifyInstance, opts: { remoteAddress?: string } = {}) {
    this.app = app;
    this.opts = opts;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
    this.lastBody = res.body;
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.opts.remoteAddress,
        headers: { cookie: this.cookieHeader() },
      }),
    );
  }

  /** The cookies, for a test that calls the app directly (binary downloads). */
  cookieHeaderForTests(): string {
    return this.cookieHeader();
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!m) throw new Error('No CSRF token on the last page');
    return m[1]!;
  }

  /** Posts a form as a browser would, with the token from the last page unless told otherwise. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    const token = opts.csrf === undefined ? this.csrf() : opts.csrf;
    const params = new URLSearchParams();
    // Ticked checkboxes sharing a name are sent as that name repeated; a token in the form replaces the page's.
    for (const [name, value] of Object.entries({ ...(token ? { _csrf: token } : {}), ...form }))
      for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
    const body = params.toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        remoteAddress: this.opts.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async upload(url: string, body: { payload: string | Buffer; contentType: string }): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.payload,
        remoteAddress: this.opts.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': body.contentType },
      }),
    );
  }

  /** Posts a multipart form as a browser would: the page's token as the first field, then the fields, then the files. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: MultipartFileSpec[],
    opts: { csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    const token = opts.csrf === undefined ? this.csrf() : opts.csrf;
    return this.upload(url, multipartForm({ ...(token ? { _csrf: token } : {}), ...fields }, files));
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password, next: '/' });
  }
}

/** A multipart/form-data body with one file, as a browser sends it. */
export function multipartFile(
  field: string,
  fileName: string,
  content: string,
  contentType = 'application/json',
): { payload: string; contentType: string } {
  const boundary = '----heardtestboundary';
  const payload = [
    `--${boundary}`,
    `Content-Disposition: form-data; name="${field}"; filename="${fileName}"`,
    `Content-Type: ${contentType}`,
    '',
    content,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface MultipartFileSpec {
  field: string;
  fileName: string;
  content: string | Buffer;
  contentType?: string;
}

/** A multipart/form-data body with several fields (in order) and then files. */
export function multipartForm(
  fields: Record<string, string>,
  files: MultipartFileSpec[],
): { payload: Buffer; contentType: string } {
  const boundary = '----heardtestboundary2';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.fileName}"\r\nContent-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The answers a person gives on the adult form's pages before the evidence page. */
export const ANSWERS_BEFORE_EVIDENCE: [string, Record<string, string>][] = [
  ['type', { type: 'complaint' }],
  ['relationship', { relationship: 'MOTHER' }],
  ['child', { childGivenName: 'Leo', childFamilyName: 'Jones' }],
  ['consent', { consent: 'agrees' }],
  ['team', { teamId: '' }],
  ['what-happened', { whatHappened: 'Nobody called back.' }],
  ['when', { eventsNotSure: 'yes' }],
  ['outcome', { outcomeWanted: '' }],
];

/** Starts the adult form and answers every page before the evidence page, as a person would; ends on the evidence page. */
export async function answerUpToEvidence(b: Browser): Promise<void> {
  await b.get('/feedback/adult/start');
  for (const [step, form] of ANSWERS_BEFORE_EVIDENCE) {
    await b.get(`/feedback/adult/${step}`);
    const res = await b.post(`/feedback/adult/${step}`, form);
    if (res.statusCode !== 302) throw new Error(`${step}: ${res.statusCode}`);
  }
  await b.get('/feedback/adult/evidence');
}
