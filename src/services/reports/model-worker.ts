import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.ts';
import { fixedClock } from '../../domain/clock.ts';
import { loadReportRows } from '../../reports/load.ts';
import { calendarService } from '../calendar.ts';
import { modelFromRows, modelRowsFrom } from './build-model.ts';
import { toThread, type ModelAnswer, type ModelJob } from './model-thread.ts';

/**
 * A report model's own thread (model-thread.ts starts one per model): it opens its own connections to the
 * server's PostgreSQL database, builds the model as the server's thread would (build-model.ts), sends it
 * back, and ends. Its clock is the server's at the moment it asked, so the calendar is the same.
 */
const job = workerData as ModelJob;
const answer = (message: ModelAnswer) => parentPort!.postMessage(message);
try {
  const handle = await openDatabase({ engine: 'postgres', url: job.url, connections: 2, migrate: false });
  try {
    const earliest = modelRowsFrom(job.from, job.to);
    const calendar = await calendarService(handle.db, fixedClock(job.now)).calendar();
    const rows = await loadReportRows(handle.db, earliest, job.to);
    answer({ model: await modelFromRows(handle.db, rows, job.from, job.to, job.options, calendar) });
  } finally {
    await handle.close();
  }
} catch (err) {
  answer({ error: toThread(err) });
}
