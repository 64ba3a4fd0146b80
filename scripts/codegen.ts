// GraphQL Code Generator: types from the SDL files, written to gitignored `generated/` folders by
// `npm run codegen`, which postinstall and typecheck run first (README: Types from the schema).
import { readdirSync } from "node:fs";
import { apiSchemaSdl } from "@airbnb/router/supergraph";
import type { CodegenConfig } from "@graphql-codegen/cli";
import type { TypeScriptPluginConfig } from "@graphql-codegen/typescript";
import type { TypeScriptResolversPluginConfig } from "@graphql-codegen/typescript-resolvers";

/**
 * Each subgraph's schema types mapped to the application's own read models (paths from
 * `src/generated/`), so a resolver's parent is what the application gives it and a query
 * resolver returns that model as it is. Types not named here are the schema's shape.
 */
const mappers: Record<string, Record<string, string>> = {
  message: { Message: "../domain/message.ts#Message" },
  mileage: {
    MileageEntry: "../domain/mileage.ts#MileageEntry",
    MileageAccount: "../application/queries.ts#MileageAccount",
    Reservation: "@airbnb/service#EntityKey",
  },
  payment: { Payment: "../domain/payment.ts#Payment", Reservation: "@airbnb/service#EntityKey" },
  reservation: { Reservation: "../domain/reservation.ts#Reservation", Room: "@airbnb/service#EntityKey" },
  review: { Review: "../domain/review.ts#Review", Room: "@airbnb/service#EntityKey" },
  room: { Room: "../domain/room.ts#Room" },
  viewpage: {
    RoomBoardEntry: "../domain/room-board.ts#RoomBoardEntry",
    BoardTotals: "../domain/room-board.ts#BoardTotals",
    Room: "@airbnb/service#EntityKey",
    Reservation: "@airbnb/service#EntityKey",
    TimelineEvent: "../domain/saga-timeline.ts#TimelineEntry",
  },
};

const subgraphs = readdirSync("subgraphs").filter((name) => readdirSync(`subgraphs/${name}`).includes("schema.graphql"));

const resolverTypes = (subgraph: string): TypeScriptPluginConfig & TypeScriptResolversPluginConfig => ({
  federation: true,
  contextType: "@airbnb/service#RequestContext",
  mappers: mappers[subgraph] ?? {},
  // The read models share names with the schema types they stand for.
  mapperTypeSuffix: "Model",
  // DateTime leaves a resolver as a Date; the service's DateTime scalar writes it as ISO-8601.
  scalars: { DateTime: { input: "string", output: "Date" }, Date: "string" },
  enumsAsTypes: true,
  useTypeImports: true,
  // Field resolvers are plain functions here (no { resolve } objects), so a resolver file can be typed as one.
  makeResolverTypeCallable: true,
});

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  // Relative imports end in .js, which TypeScript (NodeNext) and Vite both resolve to the .ts files.
  emitLegacyCommonJSImports: false,
  generates: {
    ...Object.fromEntries(subgraphs.map((name) => [
      `subgraphs/${name}/src/generated/graphql.ts`,
      { schema: `subgraphs/${name}/schema.graphql`, plugins: ["typescript", "typescript-resolvers"], config: resolverTypes(name) },
    ])),
    // The board page's operations, typed against the API the router composes, as typed document strings it sends as they are.
    "board/src/generated/": {
      schema: apiSchemaSdl(),
      documents: "board/src/operations.graphql",
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { documentMode: "string", enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: "string", Date: "string" } },
    },
  },
};

export default config;
