import { Worker } from 'node:worker_threads';
import type { IsoDate } from '../../domain/calendar/iso-date.ts';
import type { FigureOptions } from '../../reports/figures.ts';
import type { ReportModel } from '../../reports/model.ts';
import { DomainError } from '../errors.ts';

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
export type ModelAnswer =
  | { model: ReportModel }
  | { error: { domain: true; code: string; message: string } | { domain: false; message: string } };

export interface ModelThread {
  build(request: ModelRequest): Promise<ReportModel>;
  /** Ends the threads still building (a server stopping): their builds fail. */
  close(): Promise<void>;
}

export function modelThread(url: string): ModelThread {
  const running = new Set<Worker>();
  return {
    build(request) {
      const job: ModelJob = { ...request, url };
      return new Promise<ReportModel>((resolve, reject) => {
        const worker = startWorker(job);
        running.add(worker);
        worker.once('message', (answer: ModelAnswer) => {
          if ('model' in answer) resolve(answer.model);
          else if (answer.error.domain) reject(new DomainError(answer.error.code, answer.error.message));
          else reject(new Error(`The report model's thread failed: ${answer.error.message}`));
        });
        worker.once('error', (err) => reject(err));
        worker.once('exit', (code) => {
          running.delete(worker);
          // After an answer this changes nothing (a promise settles once).
          reject(new Error(`The report model's thread ended (exit code ${code}) before it answered`));
        });
      });
    },
    async close() {
      await Promise.all([...running].map((w) => w.terminate()));
    },
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
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(code, { eval: true, workerData: job });
}
