import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ANSWERS_BEFORE_EVIDENCE } from '../test/support/web.ts';
import { ms, rows } from './harness.ts';
import { freePort } from '../test/support/free-port.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

/**
 * The public form's uploads against the real server, as the security test
 * did them: Heard runs as its own process on a PGlite data folder with the
 * demo council, listening on loopback only; 20 visitors, each from its own
 * loopback address, answer the questions before the evidence page and then
 * upload 10 MB each, all at once, while a complaints officer opens the case
 * list again and again. Measured: the server process's peak RSS (from
 * /proc, Linux) and the case list's p50/p95 with and without the uploads.
 */
export async function uploadsBench(visitors = 20, fileBytes = 10_000_000): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'heard-bench-uploads-'));
  const port = await freePort();
  // Embedded PGlite, where the security test saw staff pages slow down: no DATABASE_URL. The demo council is
  // loaded by its own command first, so the server's memory is that of a server opening a data folder.
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const env = {
    ...inherited,
    NODE_ENV: 'development',
    HEARD_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  const demo = spawn(process.execPath, ['--import', 'tsx', 'src/cli/heard.ts', 'demo'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const loaded = await new Promise<number | null>((resolve) => demo.once('exit', resolve));
  if (loaded !== 0) throw new Error(`heard demo exited with ${loaded}`);
  const databaseBefore = folderBytes(path.join(dataDir, 'pgdata'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/heard.ts', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopAt = Date.now() + 15 * 60_000; // bounded: the whole bench gives up after 15 minutes
  try {
    await waitFor(port, stopAt);
    const base = { port, deadline: stopAt };
    const officerLine = readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8')
      .split('\n')
      .find((l) => l.trim().startsWith('complaints_officer'))!;
    const [, email, password] = officerLine.trim().split(/\s+/);
    const officer = new Visitor(base, '127.0.0.1');
    await officer.get('/sign-in');
    const signedIn = await officer.post('/sign-in', { email: email!, password: password!, next: '/' });
    if (signedIn.status !== 302) throw new Error(`sign-in: ${signedIn.status}`);
    const caseList = async () => {
      const started = performance.now();
      const res = await officer.get('/');
      if (res.status !== 200) throw new Error(`case list: ${res.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await caseList();
    const quiet: number[] = [];
    for (let i = 0; i < 40; i++) quiet.push(await caseList());
    const rssBefore = memory(server);

    // Each visitor from its own loopback address, as separate people would be (quotas and rate limits are per address).
    const people = Array.from(
      { length: visitors },
      (_, i) => new Visitor(base, `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`),
    );
    for (const p of people) await p.answerUpToEvidence();
    const file = pdfOf(fileBytes);
    let peakRss = rssBefore.rss;
    const sampling = setInterval(() => (peakRss = Math.max(peakRss, memory(server).rss)), 50);
    const uploadsStarted = performance.now();
    let uploading = true;
    const uploads = Promise.all(people.map((p) => p.upload(file))).finally(() => (uploading = false));
    const busy: number[] = [];
    while (uploading) busy.push(await caseList());
    const statuses = await uploads;
    const uploadMs = performance.now() - uploadsStarted;
    clearInterval(sampling);
    const after = memory(server);
    const stored = countFiles(path.join(dataDir, 'files'));

    const accepted = statuses.filter((s) => s === 302).length;
    const size = `${visitors} × ${(fileBytes / MB).toFixed(1)} MB`;
    await stop(server); // PGlite writes its folder out when it closes: only then is its size the database's
    const databaseGrew = folderBytes(path.join(dataDir, 'pgdata')) - databaseBefore;
    rows.push({
      benchmark: 'uploads: all at once, real server (loopback)',
      engine: 'pglite',
      size,
      result: `${ms(uploadMs)}; ${accepted} taken, ${stored} files in the store, ${visitors - accepted} refused (${[...new Set(statuses)].join(', ')}); PGlite folder +${(databaseGrew / MB).toFixed(0)} MB`,
      target: '-',
    });
    rows.push({
      benchmark: 'uploads: server RSS, peak during (before)',
      engine: 'pglite',
      size,
      result: `${(peakRss / MB).toFixed(0)} MB (${(rssBefore.rss / MB).toFixed(0)} MB); peak since start (VmHWM) ${(after.hwm / MB).toFixed(0)} MB`,
      target: '+ < 100 MB',
    });
    rows.push({
      benchmark: 'case list page, quiet',
      engine: 'pglite',
      size: `${quiet.length} loads`,
      result: percentiles(quiet),
      target: 'p95 < 500 ms',
    });
    rows.push({
      benchmark: 'case list page, during the uploads',
      engine: 'pglite',
      size: `${busy.length} loads`,
      result: percentiles(busy),
      target: 'p95 < 1 s',
    });
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percentiles(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `p50 ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(sorted[sorted.length - 1] ?? NaN)}`;
}

/** A file that is a PDF by its first bytes, `bytes` long; random inside, as a scan is, so nothing compresses it away. */
function pdfOf(bytes: number): Buffer {
  const file = randomBytes(bytes);
  file.write('%PDF-1.4\n', 0);
  file.write('\n%%EOF\n', bytes - 7);
  return file;
}

/** One browser: its own loopback address, its cookies, the CSRF token of the last page it saw. */
class Visitor {
  private cookies = new Map<string, string>();
  private token = '';
  constructor(
    private readonly base: { port: number; deadline: number },
    private readonly address: string,
  ) {}

  async get(url: string) {
    const res = await this.request('GET', url);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.token = m[1]!;
    return res;
  }

  async post(url: string, form: Record<string, string>) {
    const body = Buffer.from(new URLSearchParams({ _csrf: this.token, ...form }).toString());
    return this.request('POST', url, { 'content-type': 'application/x-www-form-urlencoded' }, [body]);
  }

  async answerUpToEvidence(): Promise<void> {
    await this.get('/feedback/adult/start');
    for (const [step, form] of ANSWERS_BEFORE_EVIDENCE) {
      await this.get(`/feedback/adult/${step}`);
      const res = await this.post(`/feedback/adult/${step}`, form);
      if (res.status !== 302) throw new Error(`${step}: ${res.status}`);
    }
    await this.get('/feedback/adult/evidence');
  }

  /** The evidence form as a browser sends it: the token first, then the file, in 64 KB writes. */
  async upload(file: Buffer): Promise<number> {
    const boundary = '----heardbench';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${this.token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunks: Buffer[] = [head];
    for (let i = 0; i < file.length; i += 64 * 1024) chunks.push(file.subarray(i, i + 64 * 1024));
    chunks.push(tail);
    return (
      await this.request(
        'POST',
        '/feedback/adult/evidence',
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
        chunks,
      )
    ).status;
  }

  private request(
    method: string,
    url: string,
    headers: Record<string, string> = {},
    chunks: Buffer[] = [],
  ): Promise<{ status: number; body: string }> {
    const length = chunks.reduce((n, c) => n + c.length, 0);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.base.port,
          localAddress: this.address,
          method,
          path: url,
          timeout: Math.max(1000, this.base.deadline - Date.now()),
          headers: {
            ...headers,
            cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(length ? { 'content-length': String(length) } : {}),
          },
        },
        (res) => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const at = pair!.indexOf('=');
            this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
          }
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)));
      req.on('error', reject);
      (async () => {
        for (const c of chunks) if (!req.write(c)) await new Promise((r) => req.once('drain', r));
        req.end();
      })().catch(reject);
    });
  }
}

/** The server process's resident memory now and its peak since it started (Linux /proc). */
function memory(child: ChildProcess): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'unfinished')
    .reduce((n, d) => n + readdirSync(path.join(dir, d.name)).length, 0);
}

/** The bytes of every file under a folder. */
function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).reduce(
    (n, d) => (d.isFile() ? n + statSync(path.join(d.parentPath, d.name)).size : n),
    0,
  );
}

async function waitFor(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (up) return;
    await sleep(500);
  }
  throw new Error('the server did not start in time');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killed = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killed);
}
