/** Time: the injectable clock and IANA time zones. */
export * from "./clock";
export * from "./time-zone";
export * from "./instant";
