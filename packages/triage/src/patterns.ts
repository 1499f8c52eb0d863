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

export type PatternCheck = { ok: true } | { ok: false; error: string };

export function checkPattern(source: string): PatternCheck {
  if (!source.trim()) return { ok: false, error: "The pattern is empty" };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, error: `At most ${MAX_PATTERN_LENGTH} characters` };
  try {
    compile(source);
  } catch (err) {
    return { ok: false, error: explain(err) };
  }
  return { ok: true };
}

// Case-insensitive; `\p{L}` and other Unicode classes work as in RE2 (Go syntax).
function compile(source: string): RE2JS {
  return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
}

/** RE2's syntax errors, in words a person writing a rule can act on. */
function explain(err: unknown): string {
  const message = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
  if (/invalid escape sequence: `\\([1-9]|k)/.test(message)) return "Backreferences such as \\1 are not supported";
  if (/`\(\?<?[=!]/.test(message)) return "Lookarounds such as (?=…), (?!…) or (?<=…) are not supported";
  if (/invalid repeat count/.test(message)) return "Repeat counts go up to {1000}";
  return `Not a valid regular expression: ${message}`;
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
