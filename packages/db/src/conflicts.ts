// PostgreSQL aborts one side of a deadlock (40P01) or of a serialization conflict (40001): nothing was written, and
// the same work run again normally goes through. Jobs retry it right away instead of failing an attempt.

const TRANSACTION_CONFLICTS = new Set(["40P01", "40001"]);

/** A deadlock or serialization failure, found on the error or its causes (a driver error may be wrapped). */
export function isTransactionConflict(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && TRANSACTION_CONFLICTS.has(code)) return true;
  }
  return false;
}

/**
 * Runs `work` again after a transaction conflict, up to `attempts` times with a short random pause (the two sides
 * would otherwise meet again in step); other errors, and the last conflict, are thrown. `work` must be safe to run
 * again: each of its transactions commits whole or not at all.
 */
export async function retryTransactionConflicts<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !isTransactionConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
    }
  }
}
