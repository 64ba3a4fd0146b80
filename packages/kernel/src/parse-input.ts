import { badInput } from "./domain-error.ts";

/** The subset of a zod schema this needs; the kernel stays free of libraries. */
interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

/** Validates input at the application boundary; the first problem becomes BAD_USER_INPUT naming its field. */
export function parseInput<T>(schema: Schema<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "input";
  throw badInput(field, `${field}: ${issue?.message ?? "invalid"}`);
}
