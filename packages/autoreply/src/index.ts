export * from "./decide-and-reply";
export * from "./jobs";
