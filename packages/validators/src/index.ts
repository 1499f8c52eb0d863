/** Input every boundary shares: text PostgreSQL can store, token character sets, public links, phone numbers, Instagram's limits. */
export * from "./instagram";
export * from "./links";
export * from "./phone";
export * from "./text";
