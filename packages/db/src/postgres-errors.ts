/**
 * The SQLSTATE of a Postgres error as it surfaces through Prisma on adapter-pg:
 * a DriverAdapterError whose `cause` holds `{ kind: "postgres", code }`, or a
 * known request error with `meta`.
 */
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown; meta?: { code?: unknown } };
    if (candidate.kind === "postgres" && typeof candidate.code === "string") return candidate.code;
    if (typeof candidate.originalCode === "string") return candidate.originalCode;
    if (typeof candidate.meta?.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.meta.code)) return candidate.meta.code;
    current = candidate.cause;
  }
  return undefined;
}

export const EXCLUSION_VIOLATION = "23P01";
export const UNIQUE_VIOLATION = "23505";
