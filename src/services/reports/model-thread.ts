import { Worker } from 'node:worker_threads';
import type { IsoDate } from '../../domain/calendar/iso-date.ts';
import type { FigureOptions } from '../../reports/figures.ts';
import type { ReportModel } from '../../reports/model.ts';
import { DomainError, ValidationError } from '../errors.ts';

/**
 * Report models built in a thread of their own (worker_threads), on PostgreSQL. A model is seconds of work
 * at a large council's scale (11.9 s at 1,000,000 cases, most of it Node's: reading the rows of three years
 * and the figures), and JavaScript runs one thing at a time in a thread: built in the server's thread, every
 * request that arrived meanwhile waited for it. The thread opens its own connections (two), builds the model
 * (model-worker.ts, with build-model.ts as the server's thread does), and sends it back: about 0.6 s to copy
 * the model of a million cases between threads (64 MB as JSON), against the whole build before.
 *
 * PGlite is one connection inside the server's own thread, so there the model is built in it as before.
 */

export interface ModelRequest {
  from: IsoDate;
  to: IsoDate;
  options: FigureOptions;
  /** The server's clock when it asked: the thread's calendar is the same as the server's. */
  now: string;
}
export interface ModelJob extends ModelRequest {
  url: string;
}

/** An error as it crosses between threads: what Heard's error handling reads of it (codes, causes, fields). */
export interface ThreadError {
  message: string;
  code?: string;
  field?: string;
  fieldErrors?: { field: string; message: string }[];
  /** The `cause` chain's codes and messages: how a lost database connection is recognised (503, not 500). */
  causes: { code?: string; message: string }[];
  /** A refusal of the model's own (bad dates, an unknown part of the organisation): shown to the person as it is. */
  domain: boolean;
}
export type ModelAnswer = { model: ReportModel } | { error: ThreadError };

export interface ModelThread {
  build(request: ModelRequest): Promise<ReportModel>;
  /** Ends the threads still building and refuses those waiting (a server stopping): their builds fail. */
  close(): Promise<void>;
}

export interface ModelThreadLimits {
  /** Threads building at once; more wait their turn. Each holds the rows of three years, and two connections. */
  concurrency?: number;
  /** A build that has not answered by then is ended, and fails. */
  timeoutMs?: number;
}

export function modelThread(url: string, { concurrency = 2, timeoutMs = 15 * 60_000 }: ModelThreadLimits = {}) {
  const running = new Set<Worker>();
  const waiting: { start: () => void; refuse: (err: Error) => void }[] = [];
  let closed = false;
  const next = () => {
    while (running.size < concurrency && waiting.length > 0) waiting.shift()!.start();
  };

  const run = (job: ModelJob) =>
    new Promise<ReportModel>((resolve, reject) => {
      const worker = startWorker(job);
      running.add(worker);
      const timer = setTimeout(() => {
        reject(new Error(`The report model's thread did not answer within ${Math.round(timeoutMs / 60_000)} minutes`));
        void worker.terminate();
      }, timeoutMs);
      timer.unref();
      worker.once('message', (answer: ModelAnswer) => {
        if ('model' in answer) resolve(answer.model);
        else reject(fromThread(answer.error));
      });
      worker.once('error', (err) => reject(err));
      worker.once('exit', (code) => {
        clearTimeout(timer);
        running.delete(worker);
        next();
        // After an answer this changes nothing (a promise settles once).
        reject(new Error(`The report model's thread ended (exit code ${code}) before it answered`));
      });
    });

  const thread: ModelThread = {
    build(request) {
      if (closed) return Promise.reject(new Error('The server is stopping: no report model is built now'));
      const job: ModelJob = { ...request, url };
      return new Promise<ReportModel>((resolve, reject) => {
        waiting.push({ start: () => run(job).then(resolve, reject), refuse: reject });
        next();
      });
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w.refuse(new Error('The server is stopping: no report model is built now'));
      await Promise.all([...running].map((w) => w.terminate()));
    },
  };
  return thread;
}

/** The error again, in this thread: a DomainError (or ValidationError) as itself, anything else with its codes. */
function fromThread(e: ThreadError): Error {
  if (e.domain)
    return e.fieldErrors?.length
      ? new ValidationError(e.fieldErrors)
      : new DomainError(e.code ?? 'REPORT.FAILED', e.message, e.field);
  // Innermost first, so each error's cause is the one below it, as it was.
  let cause: Error | undefined;
  for (const c of [...e.causes].reverse()) cause = Object.assign(new Error(c.message, { cause }), { code: c.code });
  return Object.assign(new Error(`The report model's thread failed: ${e.message}`, { cause }), { code: e.code });
}

/** The error as it is sent from the thread (model-worker.ts). */
export function toThread(err: unknown): ThreadError {
  const causes: ThreadError['causes'] = [];
  for (let c = err instanceof Error ? err.cause : undefined; c && causes.length < 5;) {
    const code = (c as { code?: unknown }).code;
    causes.push({
      code: typeof code === 'string' ? code : undefined,
      message: c instanceof Error ? c.message : String(c),
    });
    c = c instanceof Error ? c.cause : undefined;
  }
  const code = (err as { code?: unknown } | null)?.code;
  return {
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    code: typeof code === 'string' ? code : undefined,
    field: err instanceof DomainError ? err.field : undefined,
    fieldErrors: err instanceof ValidationError ? err.fieldErrors : undefined,
    causes,
    domain: err instanceof DomainError,
  };
}

/**
 * The thread's entry. Under the compiled build (ADR 0013) it is an entry of its own beside the chunk this
 * code is in: `import.meta['url']` is that chunk's address there (the build rewrites only `import.meta.url`,
 * written with a dot, to the source file's). Under tsx it is the source, and the thread registers tsx first,
 * as Node 20 and 22 do not pass a loader's hooks on to a thread.
 */
function startWorker(job: ModelJob): Worker {
  const here = import.meta['url']; // not the dotted form: see above
  if (!here.endsWith('.ts')) return new Worker(new URL('./report-model-worker.js', here), { workerData: job });
  const entry = JSON.stringify(new URL('./model-worker.ts', here).href);
  // tsx as this module finds it, not as the thread would from the working folder.
  const tsxApi = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsxApi}).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(code, { eval: true, workerData: job });
}
