/** The SQLSTATE of an error pg raised for a statement (`DatabaseError#code`); undefined for anything else. */
export function postgresErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const EXCLUSION_VIOLATION = "23P01";
export const UNIQUE_VIOLATION = "23505";
const DEADLOCK_DETECTED = "40P01";

/**
 * Runs a statement again when Postgres rolled it back to end a lock cycle. Only for one statement
 * (or one transaction) with no effect outside the database, so nothing of the failed run remains.
 * Each deadlock lets one side through, so a few attempts settle any crowd.
 */
export async function retryDeadlocks<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (postgresErrorCode(error) !== DEADLOCK_DETECTED || attempt >= attempts) throw error;
    }
  }
}

// A server that is away, restarting or out of connections (SQLSTATE classes 08 and 57P01–57P03,
// 53300), or a connection that could not be made or was cut: the same request may succeed shortly.
const UNAVAILABLE_SQLSTATE = /^(?:08|57P0[1-3]|53300)/;
const UNAVAILABLE_NET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

/** Whether an error says the database could not be reached, rather than that a statement was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (UNAVAILABLE_NET.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  const message = error instanceof Error ? error.message : "";
  return /^Connection terminated|^timeout exceeded when trying to connect/.test(message);
}
