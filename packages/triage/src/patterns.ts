/**
 * Rule patterns are user-written regular expressions run on every message. They run on RE2JS, a pure-JavaScript port
 * of RE2 whose matching time is linear in the input: no pattern can backtrack catastrophically, so there is no
 * hand-written ReDoS checker to keep right. RE2 refuses what it cannot run in linear time (backreferences,
 * lookarounds); those get a field error in words when the rule is saved.
 */
import { RE2JS } from "re2js";

export const MAX_PATTERN_LENGTH = 200;
/** Linear time makes long inputs safe; the cap only keeps one message's cost small. */
export const MAX_PATTERN_INPUT = 4000;

/**
 * Why a pattern is refused, as a code the API sends with its field issue (the SPA words it in the reader's language)
 * and as English words (`error`).
 */
export type PatternProblem = "empty" | "too_long" | "backreference" | "lookaround" | "repeat_count" | "unbalanced" | "nothing_to_repeat" | "syntax";
/** `detail`: RE2's own words, for a syntax error it has no code for here. */
export type PatternCheck = { ok: true } | { ok: false; problem: PatternProblem; error: string; detail?: string };

export function checkPattern(source: string): PatternCheck {
  if (!source.trim()) return { ok: false, problem: "empty", error: "The pattern is empty" };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, problem: "too_long", error: `At most ${MAX_PATTERN_LENGTH} characters` };
  try {
    compile(source);
  } catch (err) {
    return { ok: false, ...explain(err) };
  }
  return { ok: true };
}

// Case-insensitive; `\p{L}` and other Unicode classes work as in RE2 (Go syntax).
function compile(source: string): RE2JS {
  return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
}

/** RE2's syntax errors, in words a person writing a rule can act on; the common slips get a code of their own. */
function explain(err: unknown): { problem: PatternProblem; error: string; detail?: string } {
  const message = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
  if (/invalid escape sequence: `\\([1-9]|k)/.test(message)) return { problem: "backreference", error: "Backreferences such as \\1 are not supported" };
  if (/`\(\?<?[=!]/.test(message)) return { problem: "lookaround", error: "Lookarounds such as (?=…), (?!…) or (?<=…) are not supported" };
  if (/invalid repeat count/.test(message)) return { problem: "repeat_count", error: "Repeat counts go up to {1000}" };
  if (/missing closing [)\]]|unexpected \)/.test(message)) return { problem: "unbalanced", error: "A bracket or parenthesis is left open, or closed once too often" };
  if (/missing argument to repetition operator|invalid nested repetition operator/.test(message)) {
    return { problem: "nothing_to_repeat", error: "*, + or ? has nothing to repeat here: write \\* to match the character itself" };
  }
  return { problem: "syntax", error: `Not a valid regular expression: ${message}`, detail: message };
}

export class CompiledPattern {
  private readonly re: RE2JS;
  constructor(readonly source: string) {
    const check = checkPattern(source);
    if (!check.ok) throw new Error(`${source}: ${check.error}`);
    this.re = compile(source);
  }

  /** Tests the original text and its normalized form (accents stripped), both capped in length. */
  test(text: string, normalized: string): boolean {
    return this.find(text, normalized) !== null;
  }

  /** The words the pattern matched (quoted in reasons instead of the pattern itself), or null. */
  find(text: string, normalized: string): string | null {
    for (const t of [text.slice(0, MAX_PATTERN_INPUT), normalized.slice(0, MAX_PATTERN_INPUT)]) {
      // test() is RE2's fast path; the matched words are only looked up for a match.
      if (!this.re.test(t)) continue;
      const m = this.re.matcher(t);
      return m.find() ? (m.group() ?? "") : "";
    }
    return null;
  }
}
