import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, printSchema } from "graphql";
import { composeServices } from "@apollo/composition";
import { CONTEXTS, contextUrl, type ContextName } from "@airbnb/config";
import { extractAuthenticatedFields } from "./authenticated-fields.ts";

/** A subgraph's SDL file, the one source of its schema (the bench gives it to peer gateways that compose themselves). */
export const schemaFile = (context: ContextName) => fileURLToPath(new URL(`../../subgraphs/${context}/schema.graphql`, import.meta.url));

const ROUTER_SUBSCRIPTIONS = fileURLToPath(new URL("../subscriptions.graphql", import.meta.url));

/** Contexts to compose: those named, or every context whose subgraph exists in this checkout. */
export function subgraphsToCompose(names: string | undefined): ContextName[] {
  const all = Object.keys(CONTEXTS) as ContextName[];
  if (!names) return all.filter((context) => existsSync(schemaFile(context)));
  return names.split(",").map((name) => {
    const context = name.trim() as ContextName;
    if (!all.includes(context)) throw new Error(`SUBGRAPHS names an unknown context "${name}"; known: ${all.join(", ")}`);
    return context;
  });
}

/** `<CONTEXT>_URL` may list replicas, comma-separated; each gets `/graphql` (SubgraphDataSource splits them again). */
const graphqlUrls = (urls: string) => urls.split(",").map((url) => `${url.trim().replace(/\/$/, "")}/graphql`).join(",");

function compose(contexts: readonly ContextName[], env: NodeJS.ProcessEnv) {
  const result = composeServices([
    ...contexts.map((name) => ({ name, url: graphqlUrls(contextUrl(name, env)), typeDefs: parse(readFileSync(schemaFile(name), "utf8")) })),
    // Never fetched from: subscriptions are served by the router itself (see subscriptions/).
    { name: "router-subscriptions", url: "http://router.invalid/graphql", typeDefs: parse(readFileSync(ROUTER_SUBSCRIPTIONS, "utf8")) },
  ]);
  if (result.errors) throw new Error(`supergraph composition failed: ${result.errors.map((error) => error.message).join("; ")}`);
  return result;
}

/**
 * Composes the supergraph in process from the subgraphs' SDL files, so the
 * router starts (and is ready) whatever order the subgraphs start in.
 */
export function composeSupergraph(contexts: readonly ContextName[], env: NodeJS.ProcessEnv): { supergraphSdl: string; authenticatedFields: Set<string> } {
  return extractAuthenticatedFields(compose(contexts, env).supergraphSdl);
}

/** The API the router serves with every subgraph of this checkout, as SDL: what its clients are typed from (scripts/codegen.ts). */
export function apiSchemaSdl(): string {
  return printSchema(compose(subgraphsToCompose(undefined), {}).schema.toAPISchema().toGraphQLJSSchema());
}
