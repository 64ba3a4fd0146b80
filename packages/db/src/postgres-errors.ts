/**
 * The SQLSTATE of a Postgres error as it surfaces through Prisma on adapter-pg.
 * It comes in two wrappings: a DriverAdapterError whose `cause` is
 * `{ kind: "postgres", code, originalCode }` (e.g. exclusion violations), or a
 * PrismaClientKnownRequestError (P2002 for unique violations) that keeps the
 * driver error at `meta.driverAdapterError`.
 */
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof candidate.originalCode === "string") return candidate.originalCode;
    if (candidate.kind === "postgres" && typeof candidate.code === "string") return candidate.code;
    if (candidate.code === "P2002") return UNIQUE_VIOLATION;
    current = candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return undefined;
}

export const EXCLUSION_VIOLATION = "23P01";
export const UNIQUE_VIOLATION = "23505";
