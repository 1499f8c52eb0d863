/** Accounts: people, sessions, workspaces, members, invitations, password resets, API tokens and login throttling (their tables' SQL). */
export * from "./api-tokens";
export * from "./errors";
export * from "./invitations";
export * from "./jobs";
export * from "./login-throttle";
export * from "./members";
export * from "./password-reset-email";
export * from "./password-resets";
export * from "./roles";
export * from "./schemas";
export * from "./sessions";
export * from "./users";
export * from "./workspaces";
