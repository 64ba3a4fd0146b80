// Mints a development token for Sandbox, curl or the board page: `npm run token -- <user id> <role>…`
// (roles: host, guest). Signed like the router expects it: JWT_SECRET (the development secret by
// default), JWT_ISSUER / JWT_AUDIENCE when set. Works from any directory npm finds the repository from.
import { parseArgs } from "node:util";
import { mintToken } from "@airbnb/testkit";

const usage = "usage: npm run token -- <user id> <host|guest>… [--hours <n>]   e.g. npm run token -- host-1 host";
const ROLES = ["host", "guest"] as const;
type Role = (typeof ROLES)[number];

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { hours: { type: "string", default: "12" } } });
  const [sub, ...roles] = positionals;
  if (!sub) throw new Error("name the user id");
  const unknown = roles.find((role) => !ROLES.includes(role as Role));
  if (unknown !== undefined || roles.length === 0) throw new Error(`roles are ${ROLES.join(" and ")}; got ${roles.join(" ") || "none"}`);
  const hours = Number(values.hours);
  if (!(hours > 0)) throw new Error(`--hours is a positive number; got ${values.hours}`);
  const token = await mintToken({
    sub,
    roles: roles as Role[],
    expiresIn: `${hours}h`,
    issuer: process.env.JWT_ISSUER,
    audience: process.env.JWT_AUDIENCE,
  });
  console.log(token);
} catch (error) {
  console.error(`token: ${(error as Error).message}\n${usage}`);
  process.exit(1);
}
