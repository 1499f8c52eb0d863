export * from "./decide-and-reply";
export * from "./jobs";
export * from "./redecide-batch";
export * from "./queue-reply";
