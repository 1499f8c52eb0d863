/** The triage package's database side (rules, settings, knowledge, decisions): used by the API and by jobs. */
export * from "./knowledge";
export * from "./decide";
export * from "./burst";
export * from "./decision-record";
export * from "./replay";
export * from "./rules";
export * from "./decisions";
export * from "./knowledge-documents";
export * from "./first-run";
export * from "./redecide";
