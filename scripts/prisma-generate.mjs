// Generates every context's Prisma client (after npm install): each schema in
// prisma/<context>/ writes its client into that subgraph's infrastructure folder.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const prisma = createRequire(path.join(root, "packages/db/package.json")).resolve("prisma/build/index.js");
const contexts = readdirSync(path.join(root, "prisma")).filter((name) => existsSync(path.join(root, "prisma", name, "prisma.config.ts")));
for (const context of contexts) {
  const result = spawnSync(process.execPath, [prisma, "generate", "--config", `prisma/${context}/prisma.config.ts`], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${context}:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  console.log(`prisma client generated for ${context}`);
}
