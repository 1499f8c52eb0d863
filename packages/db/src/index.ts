export * from "./client";
export * from "./embedded";
export * from "./migrate";
export * from "./scope";
export * from "./events";
export type * from "./types";
export { sql } from "kysely";
