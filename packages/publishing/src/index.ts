export * from "./calendar";
export * from "./content";
export * from "./media-lookup";
export * from "./occurrences";
export * from "./outcomes";
export * from "./retry";
export * from "./runner";
export * from "./store";
