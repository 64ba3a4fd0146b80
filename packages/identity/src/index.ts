export { type Identity, type Role, ROLES } from "./identity.ts";
export { userTokenVerifier, bearerToken, InvalidTokenError, type UserTokenConfig, type UserTokenVerifier, type VerifiedIdentity } from "./user-tokens.ts";
export { InternalTokens, INTERNAL_IDENTITY_HEADER } from "./internal-tokens.ts";
