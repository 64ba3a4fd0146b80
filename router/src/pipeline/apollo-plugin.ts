import type { ApolloServerPlugin } from "@apollo/server";
import type { RouterContext } from "../router-context.ts";
import type { OperationPipeline } from "./operation-pipeline.ts";

/**
 * Apollo Server's door into the pipeline: Apollo Server has created the
 * context (the identity stage), parsed with the pipeline's `parseOptions` and
 * validated with its rules; the remaining stages are the pipeline's `admit`,
 * before the gateway plans the operation or calls any subgraph.
 */
export function pipelinePlugin(pipeline: OperationPipeline): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          const refused = pipeline.admit("http", schema, document, operation, request.variables ?? {}, request.operationName);
          // admit's refusals over HTTP hold one error (variables are coerced by the gateway), as a plugin can throw.
          if (refused) throw refused.errors[0];
        },
      };
    },
  };
}
