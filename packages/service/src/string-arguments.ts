import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { hasStorableCharacters } from "@airbnb/kernel";

/**
 * The one check every string argument of every operation passes before
 * anything runs (ids, filters, keys as well as text): a NUL or a lone
 * surrogate is BAD_USER_INPUT naming the argument or input field, never a
 * database error. Literals and variables alike; inside input objects and
 * lists the innermost field is named.
 */
export function unstorableArgument(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  let found: string | undefined;
  const checkJson = (field: string, value: unknown): void => {
    if (found !== undefined) return;
    if (typeof value === "string") {
      if (!hasStorableCharacters(value)) found = field;
    } else if (Array.isArray(value)) {
      for (const item of value) checkJson(field, item);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) checkJson(key, item);
    }
  };
  const checkLiteral = (field: string, value: ValueNode): void => {
    switch (value.kind) {
      case Kind.STRING:
        return checkJson(field, value.value);
      case Kind.LIST:
        return value.values.forEach((item) => checkLiteral(field, item));
      case Kind.OBJECT:
        return value.fields.forEach((item) => checkLiteral(item.name.value, item.value));
      case Kind.VARIABLE:
        return checkJson(field, variables?.[value.name.value]);
      default:
        return;
    }
  };
  visit(document, {
    Argument: (node) => checkLiteral(node.name.value, node.value),
    // A default applies when the variable is not sent; the variable's own name is all it has.
    VariableDefinition: (node) => (node.defaultValue ? checkLiteral(node.variable.name.value, node.defaultValue) : undefined),
  });
  return found === undefined
    ? undefined
    : new GraphQLError(`${found}: must not hold NUL or broken Unicode`, { extensions: { code: "BAD_USER_INPUT", field: found } });
}

/** The same check on Apollo Server's path (requests the fast path hands over), answered as the fast path does: 200. */
export const stringArgumentsPlugin = (): ApolloServerPlugin => ({
  requestDidStart: async () => ({
    didResolveOperation: async ({ document, request }) => {
      const error = unstorableArgument(document, request.variables);
      if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 200 } } });
    },
  }),
});
