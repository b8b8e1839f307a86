import assert from 'node:assert/strict';

/** Drizzle wraps a database error as "Failed query: ..." with the server's error as its cause: match either. */
export async function rejectsWithDatabaseError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    const e = err as Error & { cause?: Error };
    const text = `${e.message}\n${e.cause?.message ?? ''}`;
    assert.match(text, pattern);
    return true;
  });
}
