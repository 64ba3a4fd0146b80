import { Kind, parse, print, visit, type ConstDirectiveNode, type DocumentNode } from "graphql";

const AUTHENTICATED_SPEC = "https://specs.apollo.dev/authenticated/";

const isAuthenticatedLink = (directive: ConstDirectiveNode) =>
  directive.name.value === "link" &&
  directive.arguments?.some((arg) => arg.name.value === "url" && arg.value.kind === Kind.STRING && arg.value.value.startsWith(AUTHENTICATED_SPEC));

/**
 * Subgraphs mark the fields whose answer depends on the caller with
 * `@authenticated` (and enforce it themselves). The Node gateway refuses to
 * load a supergraph that links this SECURITY feature, so the router reads the
 * marks (live subscriptions share a push between callers only when the
 * selection has none of these fields) and hands the gateway the supergraph without them.
 */
export function extractAuthenticatedFields(supergraphSdl: string): { supergraphSdl: string; authenticatedFields: Set<string> } {
  const document: DocumentNode = parse(supergraphSdl);
  const authenticatedFields = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      if (field.directives?.some((d) => d.name.value === "authenticated")) authenticatedFields.add(`${definition.name.value}.${field.name.value}`);
    }
  }
  const stripped = visit(document, {
    Directive: (node) => (node.name.value === "authenticated" || isAuthenticatedLink(node as ConstDirectiveNode) ? null : undefined),
    DirectiveDefinition: (node) => (node.name.value === "authenticated" ? null : undefined),
  });
  return { supergraphSdl: print(stripped), authenticatedFields };
}
