import type { Identity, Role } from "@airbnb/kernel";

export type { Identity, Role };

export const ROLES: readonly Role[] = ["host", "guest"];

export const toRoles = (claim: unknown): Role[] =>
  Array.isArray(claim) ? claim.filter((role): role is Role => ROLES.includes(role as Role)) : [];
