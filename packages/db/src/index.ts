export * from "./client";
export * from "./embedded";
export * from "./migrate";
export * from "./scope";
export * from "./events";
export * from "./conflicts";
export type * from "./types";
export { sql } from "kysely";
