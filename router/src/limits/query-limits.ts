import {
  Kind, SchemaMetaFieldDef, TypeMetaFieldDef, getNamedType, isCompositeType, isListType, isNonNullType,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from "graphql";
import { listMaximum } from "@airbnb/kernel";

export interface QueryLimits {
  /** Nested fields below the root, the root field counting 1: `{ room { id } }` is 2. */
  maxDepth: number;
  /** Aliased fields in the whole operation, fragments expanded. */
  maxAliases: number;
  /** Objects the operation may make the supergraph produce (see `measureOperation`). */
  maxCost: number;
  /** Items assumed for a list field without a `first` argument or default. */
  defaultListSize: number;
  /** Introspection (`__schema`, `__type`): list fields nested in list fields, e.g. types → fields → args is 3. */
  maxIntrospectionListDepth: number;
  /** Introspection: plain depth, `ofType` chains included (the standard introspection query needs 13). */
  maxIntrospectionDepth: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 10_000,
  defaultListSize: 10,
  maxIntrospectionListDepth: 3,
  maxIntrospectionDepth: 20,
};

export interface Complexity {
  depth: number;
  aliases: number;
  cost: number;
  introspectionDepth: number;
  introspectionListDepth: number;
}

const ZERO: Complexity = { depth: 0, aliases: 0, cost: 0, introspectionDepth: 0, introspectionListDepth: 0 };

/**
 * Static size of an operation, before anything is executed. Cost model: every
 * object-valued field costs 1 per object it returns; a list field returns
 * `first` items (its argument, from a literal, a variable or the schema's
 * default) up to the field's maximum (`listMaximum`, what its subgraph
 * clamps to), else `defaultListSize`; scalar fields are free. So
 * `roomBoard(first: 100) { roomName }` costs 100 and
 * `rooms(first: 50) { reviews(first: 20) { room { id } } }` 50 × (1 + 20 × 2) = 2,050.
 * Inline fragments on different types are summed (an upper bound); @skip and
 * @include are ignored (also an upper bound). Fragments are measured once each,
 * so a "fragment bomb" of spreads does not make the measuring itself expensive.
 * Introspection fields cost nothing (the router answers them in memory) and have
 * their own depth rules, so that Sandbox's introspection query passes.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  defaultListSize = DEFAULT_QUERY_LIMITS.defaultListSize,
): Complexity {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const memo = new Map<string, Complexity>();
  const visiting = new Set<string>();

  const intValue = (node: ValueNode | undefined): number | undefined => {
    if (!node) return undefined;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) {
      const value = variables[node.name.value];
      if (typeof value === "number") return value;
      return intValue(variableDefaults.get(node.name.value));
    }
    return undefined;
  };

  const listSize = (field: FieldNode, definition: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType): number => {
    const paged = definition.args.find((argument) => argument.name === "first");
    if (!paged) return defaultListSize;
    const given = intValue(field.arguments?.find((argument) => argument.name.value === "first")?.value);
    const size = given ?? (typeof paged.defaultValue === "number" ? paged.defaultValue : defaultListSize);
    return Math.min(Number.isFinite(size) ? Math.max(0, size) : defaultListSize, listMaximum(`${parent.name}.${definition.name}`));
  };

  const fieldDefinition = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return "getFields" in parent ? parent.getFields()[name] : undefined;
  };

  const combine = (into: Complexity, from: Complexity) => {
    into.depth = Math.max(into.depth, from.depth);
    into.aliases += from.aliases;
    into.cost += from.cost;
    into.introspectionDepth = Math.max(into.introspectionDepth, from.introspectionDepth);
    into.introspectionListDepth = Math.max(into.introspectionListDepth, from.introspectionListDepth);
  };

  /** The size of one object of `parent` with this selection; `introspection` once inside `__schema`/`__type`. */
  const selection = (set: SelectionSetNode, parent: GraphQLCompositeType, introspection: boolean): Complexity => {
    const total = { ...ZERO };
    for (const node of set.selections) {
      switch (node.kind) {
        case Kind.FIELD:
          combine(total, field(node, parent, introspection));
          break;
        case Kind.INLINE_FRAGMENT: {
          const type = node.typeCondition ? schema.getType(node.typeCondition.name.value) : parent;
          if (type && isCompositeType(type)) combine(total, selection(node.selectionSet, type, introspection));
          break;
        }
        case Kind.FRAGMENT_SPREAD:
          combine(total, spread(node.name.value, introspection));
          break;
      }
    }
    return total;
  };

  const spread = (name: string, introspection: boolean): Complexity => {
    const key = `${introspection ? "i" : "o"}:${name}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || !isCompositeType(type)) return ZERO;
    // Validation refuses fragment cycles before this runs; this only keeps the walk finite without it.
    if (visiting.has(key)) return { ...ZERO, depth: Number.POSITIVE_INFINITY, cost: Number.POSITIVE_INFINITY };
    visiting.add(key);
    const measured = selection(fragment.selectionSet, type, introspection);
    visiting.delete(key);
    memo.set(key, measured);
    return measured;
  };

  const field = (node: FieldNode, parent: GraphQLCompositeType, inIntrospection: boolean): Complexity => {
    const name = node.name.value;
    const aliases = node.alias ? 1 : 0;
    if (name === "__typename") return { ...ZERO, aliases };
    const definition = fieldDefinition(parent, name);
    if (!definition) return { ...ZERO, aliases };
    const introspection = inIntrospection || name === SchemaMetaFieldDef.name || name === TypeMetaFieldDef.name;
    const type = getNamedType(definition.type);
    const list = isList(definition.type);
    const inner = node.selectionSet && isCompositeType(type) ? selection(node.selectionSet, type, introspection) : undefined;
    if (introspection) {
      return {
        ...ZERO,
        aliases: aliases + (inner?.aliases ?? 0),
        introspectionDepth: 1 + (inner?.introspectionDepth ?? 0),
        introspectionListDepth: (list ? 1 : 0) + (inner?.introspectionListDepth ?? 0),
      };
    }
    const perItem = inner ? 1 + inner.cost : 0;
    return {
      depth: 1 + (inner?.depth ?? 0),
      aliases: aliases + (inner?.aliases ?? 0),
      cost: (list ? listSize(node, definition, parent) : 1) * perItem,
      introspectionDepth: inner?.introspectionDepth ?? 0,
      introspectionListDepth: inner?.introspectionListDepth ?? 0,
    };
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  return root ? selection(operation.selectionSet, root, false) : { ...ZERO };
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** Why the operation is over the limits, or null when it is within them. */
export function overLimits(measured: Complexity, limits: QueryLimits): string | null {
  if (measured.depth > limits.maxDepth) return `query depth ${measured.depth} is over the limit of ${limits.maxDepth}`;
  if (measured.aliases > limits.maxAliases) return `${measured.aliases} aliases are over the limit of ${limits.maxAliases}`;
  if (measured.cost > limits.maxCost) return `query cost ${measured.cost} is over the limit of ${limits.maxCost}`;
  if (measured.introspectionListDepth > limits.maxIntrospectionListDepth) {
    return `introspection nests ${measured.introspectionListDepth} lists, over the limit of ${limits.maxIntrospectionListDepth}`;
  }
  if (measured.introspectionDepth > limits.maxIntrospectionDepth) {
    return `introspection depth ${measured.introspectionDepth} is over the limit of ${limits.maxIntrospectionDepth}`;
  }
  return null;
}

/** graphql-js's message when `parseOptions.maxTokens` stops the parser (16.x spells it "more that"). */
export const isTooManyTokens = (message: string) => /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/.test(message);
