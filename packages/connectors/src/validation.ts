// What the connectors check themselves before calling Meta: a refusal here costs no call and says why in words.

import { PlatformError } from "./errors";
import type { Platform } from "./types";

/** Length in Unicode code points (what people count as characters; emoji count once). */
export function charLength(s: string): number {
  return [...s].length;
}

export function invalidInput(platform: Platform, message: string, userMessage?: string): PlatformError {
  return new PlatformError({ kind: "invalid_input", platform, message, userMessage });
}
