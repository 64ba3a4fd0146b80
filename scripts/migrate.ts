import { migrateContext } from "@airbnb/db";
import { MissingDependencyError, requirePostgresServer } from "./dev-services/index.ts";
import { availableContexts } from "./system.ts";

/** Creates each context's database if needed and applies its migrations: the Kubernetes migration Job runs this. */
try {
  await requirePostgresServer(process.env);
  for (const context of availableContexts()) {
    await migrateContext(context);
    console.log(`migrated ${context}`);
  }
} catch (error) {
  console.error(error instanceof MissingDependencyError ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
}
