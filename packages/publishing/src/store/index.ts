export * from "./posts";
export * from "./runs";
export * from "./media-lookups";
