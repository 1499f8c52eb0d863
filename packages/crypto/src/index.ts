/** Secrets: tokens sealed at rest (`SecretBox`), password hashes, opaque bearer tokens stored as digests. */
export * from "./passwords";
export * from "./secret-box";
export * from "./tokens";
