/**
 * Rule patterns are user-written regular expressions run on every message, on the JavaScript engine (no RE2: no
 * native dependencies). They are checked when saved — compile, length cap, no backreferences, no quantified group
 * that itself contains a quantifier or overlapping alternatives (the catastrophic-backtracking shapes such as
 * `(a+)+`, `(a|aa)*`, `(.*)*`), at most a few unbounded quantifiers — and run on at most MAX_PATTERN_INPUT chars.
 */

export const MAX_PATTERN_LENGTH = 200;
export const MAX_PATTERN_INPUT = 1000;
const MAX_UNBOUNDED = 3;

export type PatternCheck = { ok: true } | { ok: false; error: string };

export function checkPattern(source: string): PatternCheck {
  if (!source.trim()) return { ok: false, error: "The pattern is empty" };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, error: `At most ${MAX_PATTERN_LENGTH} characters` };
  try {
    compile(source);
  } catch (err) {
    return { ok: false, error: `Not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}` };
  }
  const shape = analyse(source);
  if (shape) return { ok: false, error: shape };
  return { ok: true };
}

/** Case-insensitive, Unicode-aware when the pattern allows it (`\p{L}`), else the legacy syntax (`\-` in classes). */
function compile(source: string): RegExp {
  try {
    return new RegExp(source, "iu");
  } catch {
    return new RegExp(source, "i");
  }
}

export class CompiledPattern {
  private readonly re: RegExp;
  constructor(readonly source: string) {
    const check = checkPattern(source);
    if (!check.ok) throw new Error(`${source}: ${check.error}`);
    this.re = compile(source);
  }

  /** Tests the original text and its normalized form (accents stripped), both capped in length. */
  test(text: string, normalized: string): boolean {
    return this.re.test(text.slice(0, MAX_PATTERN_INPUT)) || this.re.test(normalized.slice(0, MAX_PATTERN_INPUT));
  }
}

interface Group {
  hasQuantifier: boolean;
  hasAlternation: boolean;
  alternatives: string[];
  start: number;
}

/** A small scan of the pattern's structure; returns the reason it is refused, or null. */
function analyse(src: string): string | null {
  const stack: Group[] = [{ hasQuantifier: false, hasAlternation: false, alternatives: [], start: 0 }];
  let unbounded = 0;
  let lastAtomEnd = -1;
  let lastGroup: (Group & { text: string }) | null = null;
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      const next = src[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && src[i + 2] === "<")) return "Backreferences are not allowed";
      i += next === "p" || next === "P" ? src.indexOf("}", i) + 1 || src.length : 2;
      lastAtomEnd = i;
      lastGroup = null;
      continue;
    }
    if (c === "[") {
      let j = i + 1;
      if (src[j] === "^") j++;
      if (src[j] === "]") j++;
      while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
      i = j + 1;
      lastAtomEnd = i;
      lastGroup = null;
      continue;
    }
    if (c === "(") {
      stack.push({ hasQuantifier: false, hasAlternation: false, alternatives: [], start: i });
      i++;
      if (src[i] === "?") {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (src[i] === "<" && src[i + 1] !== "=" && src[i + 1] !== "!") i = src.indexOf(">", i) + 1;
        else i++;
      }
      continue;
    }
    if (c === ")") {
      if (stack.length < 2) return "Unbalanced parenthesis";
      const g = stack.pop()!;
      const text = src.slice(g.start, i + 1);
      i++;
      lastAtomEnd = i;
      lastGroup = { ...g, text };
      // A group's quantifiers count for its parent too: ((a+)b)+ is still nested.
      if (g.hasQuantifier) top().hasQuantifier = true;
      continue;
    }
    if (c === "|") {
      top().hasAlternation = true;
      i++;
      lastAtomEnd = -1;
      continue;
    }
    const q = quantifierAt(src, i);
    if (q) {
      if (lastAtomEnd !== i) return "A quantifier must follow something";
      if (q.unbounded) unbounded++;
      if (lastGroup && q.repeats) {
        if (lastGroup.hasQuantifier) return "Nested quantifiers such as (a+)+ can take forever on some messages";
        if (lastGroup.hasAlternation && overlappingAlternatives(lastGroup.text)) {
          return "A repeated group with overlapping alternatives such as (a|aa)+ can take forever on some messages";
        }
      }
      top().hasQuantifier = top().hasQuantifier || q.repeats;
      i = q.end;
      lastGroup = null;
      continue;
    }
    i++;
    lastAtomEnd = i;
    lastGroup = null;
  }
  if (stack.length !== 1) return "Unbalanced parenthesis";
  if (unbounded > MAX_UNBOUNDED) return `At most ${MAX_UNBOUNDED} unbounded repetitions (*, +, {n,}) in one pattern`;
  return null;
}

function quantifierAt(src: string, i: number): { end: number; unbounded: boolean; repeats: boolean } | null {
  const c = src[i];
  let end: number;
  let unbounded = false;
  let repeats = true;
  if (c === "*" || c === "+") {
    end = i + 1;
    unbounded = true;
  } else if (c === "?") {
    end = i + 1;
    repeats = false;
  } else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
    if (!m) return null;
    end = i + m[0].length;
    unbounded = m[2] !== undefined && m[3] === "";
    const max = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]);
    repeats = max > 1;
  } else {
    return null;
  }
  if (src[end] === "?") end++; // lazy
  return { end, unbounded, repeats };
}

/**
 * Alternatives of a repeated group are safe when they are plain words none of which starts another ("(ab|cd)+");
 * anything else (classes, dots, one a prefix of another) may match the same text in several ways.
 */
function overlappingAlternatives(groupText: string): boolean {
  const inner = groupText.replace(/^\((\?:|\?<[^>]+>)?/, "").replace(/\)$/, "");
  const alts = inner.split("|");
  if (alts.some((a) => !/^[\p{L}\p{N} '-]+$/u.test(a))) return true;
  const lower = alts.map((a) => a.toLowerCase());
  return lower.some((a, i) => lower.some((b, j) => i !== j && b.startsWith(a)));
}
