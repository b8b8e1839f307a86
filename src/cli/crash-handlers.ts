import type { FastifyBaseLogger } from 'fastify';

/**
 * What the running server does with an error nothing else caught.
 *
 * - A promise rejected with no handler is one piece of work gone wrong (a
 *   request, a background task): it is logged with its reason and the server
 *   goes on, rather than ending every officer's session mid-form.
 * - An exception thrown outside any request leaves the process in a state
 *   nobody can vouch for, so Heard logs it, stops taking requests, closes the
 *   database cleanly (releasing the data folder's lock) and exits with status
 *   1, for a supervisor such as systemd to start it again (see the README).
 */
export function installCrashHandlers(
  log: FastifyBaseLogger,
  stop: () => Promise<void>,
  exit: (code: number) => void = process.exit,
): () => void {
  let exiting = false;
  const onRejection = (reason: unknown) => {
    log.error(
      { err: reason instanceof Error ? reason : new Error(String(reason)) },
      'a promise was rejected and nothing handled it; the server goes on',
    );
  };
  const onException = (err: Error, origin: string) => {
    log.fatal({ err, origin }, 'an uncaught exception: stopping Heard so that it can be restarted cleanly');
    if (exiting) return;
    exiting = true;
    const deadline = setTimeout(() => exit(1), 10_000);
    deadline.unref();
    stop().then(
      () => exit(1),
      (stopErr: unknown) => {
        log.error({ err: stopErr }, 'stopping after the uncaught exception failed');
        exit(1);
      },
    );
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
