import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log object. Secrets are also kept out of log calls by design;
 * this is the net under that rule (test: apps/server/test/logs.test.ts).
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "access_token",
  "*.access_token",
  "secret",
  "*.secret",
  "appSecret",
  "*.appSecret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "cookie",
  "*.cookie",
  "input.password",
  "input.token",
  "input.accessToken",
];

export function createLogger(opts: { level?: string; destination?: DestinationStream; base?: Record<string, unknown> } = {}): Logger {
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? "info",
      base: { service: "sillage", ...opts.base },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous stdout: pino's default is asynchronous, and its flush returns before an in-flight write
    // lands, so lines written just before exit (or a crash) could be lost or overtaken.
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
