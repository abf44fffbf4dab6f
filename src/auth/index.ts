/** Keys: Segment write keys for ingestion and scoped API keys for management, stored hashed. */
export { type ApiKey, type KeyKind, KeyStore, parseScopes, SCOPES, type Scope } from "./api-keys.js";
