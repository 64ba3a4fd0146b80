import {
  GraphQLError, Kind, OperationTypeNode, TypeInfo, print, valueFromASTUntyped, visit, visitWithTypeInfo,
  type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode,
} from "graphql";
import type { Identity } from "@airbnb/identity";
import { inboxTopic, reservationTopic, roomReservationsTopic, roomTopic } from "./topics.ts";

/** The variable a push query receives the touched entity's id in. */
const ENTITY = "liveEntityId";

/** What one subscription listens to and how a push is resolved. */
export interface LiveSpec {
  topic: string;
  /** Only this entity of the topic, when the subscription names one. */
  entityFilter: string | null;
  /** The entity a push resolves, when the subscription names it (a room, a reservation): checked at subscribe time. */
  entityId: string | null;
  /** The subscription's selection as a query on the entity (printed), answered through the gateway. */
  query: string;
  variables: Record<string, unknown>;
  /** The subscription field's response key, under which pushes carry their data. */
  responseKey: string;
  /** Whom the push is resolved as: the subscriber, or nobody when the selection is the same for everyone. */
  identity: Identity | null;
  /** The selection reaches a field whose answer depends on the caller. */
  personal: boolean;
  /** Subscriptions with an equal key share each refresh. */
  key: string;
}

const fail = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Turns `subscription { roomChanged(roomId: $id) { …selection } }` into
 * `query { roomChanged: room(id: $liveEntityId) { …selection } }` with the
 * topic it listens on. Throws GraphQLErrors with the contract's codes.
 */
export function liveSpecOf(
  schema: GraphQLSchema,
  authenticatedFields: ReadonlySet<string>,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  identity: Identity | null,
): LiveSpec {
  const field = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || field?.kind !== Kind.FIELD) throw fail("BAD_USER_INPUT", "a subscription selects exactly one field");
  const args = Object.fromEntries((field.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, variables)])) as Record<string, string | null | undefined>;
  const target = targetOf(field.name.value, args, identity);
  const responseKey = field.alias?.value ?? field.name.value;
  const query = asEntityQuery(document, operation, field, target.queryField, responseKey);
  const used = usedVariables(query);
  const kept = Object.fromEntries(Object.entries(variables).filter(([name]) => used.has(name)));
  const personal = selects(schema, query, authenticatedFields);
  const resolveAs = personal ? identity : null;
  const text = print(query);
  return {
    ...target,
    query: text,
    variables: kept,
    responseKey,
    identity: resolveAs,
    personal,
    key: [target.topic, target.entityFilter, resolveAs?.userId ?? "", resolveAs?.roles.join(",") ?? "", text, JSON.stringify(kept)].join("\u0000"),
  };
}

function targetOf(fieldName: string, args: Record<string, string | null | undefined>, identity: Identity | null) {
  switch (fieldName) {
    case "roomChanged":
      return { topic: roomTopic(String(args.roomId)), entityFilter: null, entityId: String(args.roomId), queryField: "room" };
    case "reservationStatusChanged": {
      if (!identity) throw fail("UNAUTHENTICATED", "sign in to follow reservations");
      const { reservationId, roomId } = args;
      if (!reservationId && !roomId) throw fail("BAD_USER_INPUT", "name a reservationId, a roomId or both");
      return roomId
        ? { topic: roomReservationsTopic(roomId), entityFilter: reservationId ?? null, entityId: reservationId ?? null, queryField: "reservation" }
        : { topic: reservationTopic(reservationId!), entityFilter: null, entityId: reservationId!, queryField: "reservation" };
    }
    case "messageReceived":
      if (!identity) throw fail("UNAUTHENTICATED", "sign in to receive your messages");
      return { topic: inboxTopic(identity.userId), entityFilter: null, entityId: null, queryField: "message" };
    default:
      throw fail("BAD_USER_INPUT", `unknown subscription ${fieldName}`);
  }
}

function asEntityQuery(document: DocumentNode, operation: OperationDefinitionNode, field: FieldNode, queryField: string, responseKey: string): DocumentNode {
  const entityField: FieldNode = {
    ...field,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: queryField },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "id" }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY } } }],
  };
  const query: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    selectionSet: { ...operation.selectionSet, selections: [entityField] },
    variableDefinitions: [
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY } },
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "ID" } } },
      },
    ],
  };
  const draft: DocumentNode = { kind: Kind.DOCUMENT, definitions: [query, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] };
  // Keep the definitions of the variables the selection still uses (the root field's arguments are gone).
  const used = usedVariables(draft);
  const definitions = (operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  return { ...draft, definitions: [{ ...query, variableDefinitions: [...definitions, ...query.variableDefinitions!] }, ...draft.definitions.slice(1)] };
}

/** Whether the query reaches a field whose answer depends on the caller. */
function selects(schema: GraphQLSchema, query: DocumentNode, fields: ReadonlySet<string>): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(query, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (parent && fields.has(`${parent.name}.${node.name.value}`)) found = true;
    },
  }));
  return found;
}

function usedVariables(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  for (const definition of document.definitions) {
    const body = definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION ? definition.selectionSet : null;
    if (body) visit(body, { Variable: (node) => void names.add(node.name.value) });
  }
  names.delete(ENTITY);
  return names;
}

export const LIVE_ENTITY_VARIABLE = ENTITY;
