/** Input every boundary shares: text PostgreSQL can store, token character sets, public links, phone numbers. */
export * from "./links";
export * from "./phone";
export * from "./text";
