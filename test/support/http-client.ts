/**
 * A small cookie-keeping client over real HTTP (fetch), for tests that need a
 * listening server: things that only go wrong on a real socket, such as a
 * header Node refuses to send.
 */
export class HttpClient {
  private cookies: Map<string, string>;
  lastBody = '';
  readonly baseUrl: string;
  constructor(baseUrl: string, cookies = new Map<string, string>()) {
    this.baseUrl = baseUrl;
    this.cookies = cookies;
  }

  /** The same browser (its cookies) talking to another server, as a load balancer may send it. */
  sameBrowserAt(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.cookies);
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.baseUrl + path, { redirect: 'manual', headers: { cookie: this.cookieHeader() } });
    this.keep(res);
    this.lastBody = await res.clone().text();
    return res;
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!m) throw new Error('No CSRF token on the last page');
    return m[1]!;
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf(), ...form }).toString();
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.keep(res);
    this.lastBody = await res.clone().text();
    return res;
  }
}
