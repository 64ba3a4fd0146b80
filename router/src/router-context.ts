import type { IncomingMessage } from "node:http";
import { GraphQLError } from "graphql";
import { bearerToken, InvalidTokenError, type Identity, type InternalTokens, type UserTokenVerifier } from "@airbnb/identity";
import { requestIdOf } from "@airbnb/service";

export interface RouterContext {
  identity: Identity | null;
  requestId: string;
  /** The identity, signed for the subgraphs. */
  internalToken: string;
}

/** Builds the per-request context: a bad or expired token is refused outright, no token is anonymous. */
export function routerContextFactory(verify: UserTokenVerifier, tokens: InternalTokens) {
  return async (authorization: string | undefined, requestId: string): Promise<RouterContext> => {
    const token = bearerToken(authorization);
    if (authorization && !token) throw unauthenticated("the Authorization header must be \"Bearer <token>\"");
    let identity: Identity | null = null;
    if (token) {
      try {
        identity = await verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw unauthenticated(`invalid token: ${error.message}`);
        throw error;
      }
    }
    return { identity, requestId, internalToken: await tokens.sign(identity) };
  };
}

export const contextForRequest = (build: ReturnType<typeof routerContextFactory>) => (req: IncomingMessage) =>
  build(req.headers.authorization, requestIdOf(req));

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
