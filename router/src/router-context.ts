import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { bearerToken, InvalidTokenError, type Identity, type InternalTokens, type UserTokenVerifier, type VerifiedIdentity } from "@airbnb/identity";
import { requestIdOf } from "@airbnb/service";

export interface RouterContext {
  identity: Identity | null;
  requestId: string;
  /** The identity, signed for the subgraphs. */
  internalToken: string;
}

/** Identity handling at the edge, for HTTP requests and WebSocket connections alike. */
export class RouterContexts {
  constructor(private readonly verify: UserTokenVerifier, private readonly tokens: InternalTokens) {}

  /**
   * The caller of an `Authorization` value: null when absent. A bad or expired
   * token is refused outright (401), on public reads too: a client whose token
   * lapsed learns it at once rather than silently reading as anonymous.
   */
  async identityOf(authorization: unknown): Promise<VerifiedIdentity | null> {
    if (authorization === undefined || authorization === null || authorization === "") return null;
    const token = typeof authorization === "string" ? bearerToken(authorization) : undefined;
    if (!token) throw unauthenticated('the authorization must be "Bearer <token>"');
    try {
      return await this.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
      throw error;
    }
  }

  async forIdentity(identity: Identity | null, requestId: string = randomUUID()): Promise<RouterContext> {
    return { identity, requestId, internalToken: await this.tokens.sign(identity) };
  }

  async forRequest(req: IncomingMessage): Promise<RouterContext> {
    return this.forIdentity(await this.identityOf(req.headers.authorization), requestIdOf(req));
  }
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
