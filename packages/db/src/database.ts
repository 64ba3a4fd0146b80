import pg from "pg";
import { pgConnectionFields } from "@airbnb/config";

/** Creates the context's database on its server when missing; a no-op otherwise. */
export async function ensureDatabase(url: string): Promise<void> {
  const { database, ...server } = pgConnectionFields(url);
  const client = new pg.Client({ ...server, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
      if (error.code !== "42P04") throw error; // created meanwhile by a concurrent start
    });
  } finally {
    await client.end();
  }
}

/** Drops a database; for tests that start from nothing. */
export async function dropDatabase(url: string): Promise<void> {
  const { database, ...server } = pgConnectionFields(url);
  const client = new pg.Client({ ...server, database: "postgres" });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
