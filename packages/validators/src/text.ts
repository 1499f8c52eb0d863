/**
 * Text that PostgreSQL can store. A NUL (U+0000) is refused by `text` and `jsonb` columns, and a lone UTF-16
 * surrogate (half of an emoji, cut) is not valid Unicode: `jsonb` refuses it and UTF-8 cannot encode it.
 * Every string from outside passes through here: the API refuses NULs (`cleanInput`), and text read from
 * files or the platforms drops them (`cleanText`); lone surrogates become U+FFFD (the replacement character) in both.
 */

import { z } from "zod";

export type InputPath = (string | number)[];

/** Text as it can be stored: NULs removed, lone surrogates replaced by U+FFFD. */
export function cleanText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "") : wellFormed;
}

/**
 * Every string of a JSON-like value through `cleanText` (object keys included), so it can be stored as text or jsonb:
 * for data from the platforms (webhook events), where a NUL is dropped rather than refused. Returns the value itself
 * when nothing needed cleaning (no copy); otherwise a cleaned copy (the input is left as it was). Only plain objects
 * and arrays are walked.
 */
export function cleanTextDeep<T>(value: T): T {
  return cleanValue(value) as T;
}

function cleanValue(value: unknown): unknown {
  if (typeof value === "string") return cleanText(value);
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const c = cleanValue(v);
      if (c !== v) (out ??= value.slice())[i] = c;
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  let dirty = false;
  for (const k in value) {
    const v = value[k];
    if (cleanText(k) !== k || cleanValue(v) !== v) {
      dirty = true;
      break;
    }
  }
  // Rebuilt with fromEntries (own data properties: a "__proto__" key stays a key), only when something changed.
  return dirty ? Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanValue(v)])) : value;
}

export interface InputProblem {
  path: InputPath;
  problem: "nul" | "too_many_items";
}

/**
 * Cleans every string of a parsed JSON value in place (object keys too): lone surrogates become U+FFFD, and the
 * paths of strings holding a NUL are returned for the caller to refuse, as are lists longer than `maxItems` (not
 * walked: a schema would otherwise check each of a million items before counting them). At most `maxProblems`
 * are listed. Walks with a stack, not recursion, and links each path to its parent (built only for a problem), so
 * an input nested thousands deep costs what its size costs.
 */
export function cleanInput(value: unknown, opts: { maxItems?: number; maxProblems?: number } = {}): { value: unknown; problems: InputProblem[] } {
  const { maxItems = Infinity, maxProblems = 20 } = opts;
  const problems: InputProblem[] = [];
  const report = (problem: InputProblem["problem"], parent: PathLink | null, key?: string | number) => {
    if (problems.length < maxProblems) problems.push({ path: pathOf(parent, key), problem });
  };
  const checked = (s: string, parent: PathLink | null, key?: string | number): string => {
    if (s.includes("\u0000")) report("nul", parent, key);
    return s.isWellFormed() ? s : s.toWellFormed();
  };
  if (typeof value === "string") return { value: checked(value, null), problems };
  const stack: { node: unknown; at: PathLink | null }[] = [{ node: value, at: null }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    if (Array.isArray(node)) {
      if (node.length > maxItems) {
        report("too_many_items", at);
        continue;
      }
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === "string") node[i] = checked(item, at, i);
        else if (item !== null && typeof item === "object") stack.push({ node: item, at: { key: i, parent: at } });
      }
    } else if (isPlainObject(node)) {
      for (const key of Object.keys(node)) {
        const cleanKey = checked(key, at, key);
        const item: unknown = node[key];
        const cleanItem = typeof item === "string" ? checked(item, at, cleanKey) : item;
        if (cleanKey !== key) delete node[key];
        // defineProperty, not assignment: a key named "__proto__" must stay a plain property.
        if (cleanKey !== key || cleanItem !== item) Object.defineProperty(node, cleanKey, { value: cleanItem, writable: true, enumerable: true, configurable: true });
        if (cleanItem !== null && typeof cleanItem === "object") stack.push({ node: cleanItem, at: { key: cleanKey, parent: at } });
      }
    }
  }
  return { value, problems };
}

interface PathLink {
  key: string | number;
  parent: PathLink | null;
}

function pathOf(parent: PathLink | null, key?: string | number): InputPath {
  const path: InputPath = key === undefined ? [] : [key];
  for (let link = parent; link; link = link.parent) path.push(link.key);
  return path.reverse();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}


/**
 * An opaque credential (a platform access token, an invitation token): visible ASCII only, as it travels in an
 * HTTP header or a link. An emoji or a space pasted with it is refused here, not by `fetch` on the way out.
 */
export function tokenSchema(opts: { max: number; min?: number; tooShort?: string }) {
  return z
    .string()
    .trim()
    .min(opts.min ?? 1, opts.tooShort)
    .max(opts.max)
    // `params.code`: the API's field-issue code (@sillage/api error-codes), worded by the SPA in the reader's language.
    .refine((v) => /^[\x21-\x7e]*$/.test(v), { message: "Only letters, digits and symbols: no spaces, accents or emoji (paste the token again)", params: { code: "token_chars" } });
}

/**
 * Characters a one-line name may not hold: C0 and C1 controls and DEL (line breaks among them), the Unicode line and
 * paragraph separators, and the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069), with which a name
 * shown beside others can reverse the text that follows it ("Trojan Source").
 */
const NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const LINE_BREAK = /[\n\r\u000b\u000c\u0085\u2028\u2029]/u;
/** What shows nothing on screen: format characters (zero-width space and joiners, BOM…), spaces, lone combining marks, Hangul fillers, the blank Braille pattern. */
const INVISIBLE = /^[\p{Cf}\p{Z}\p{Mn}\p{Me}\u115f\u1160\u3164\uffa0\u2800]*$/u;
/** C0 controls other than tab and line feed, and DEL: what a multi-line text refuses (after CR LF became LF). */
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f]/u;

/** `U+202E`: how a refused character is named in a message (it cannot be shown). */
function codePointOf(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A bound on the input before it is trimmed and normalised (the work those cost), well above `max`: past it the text
 * is refused at once as too long, with `max` as the limit the reader sees.
 */
function boundedRaw(max: number) {
  return z.string().refine((v) => v.length <= Math.max(max * 4, 64), { message: `At most ${max} characters`, params: { code: "max_chars", params: { max } }, abort: true });
}

/**
 * A one-line name (a workspace, a rule, a label, a member, a document's title…): trimmed, in Unicode NFC (so "é"
 * typed as e + U+0301 and as U+00E9 is one name), without control characters, line breaks or bidi overrides, with
 * something visible, at most `max` characters once normalised. Refusals carry a field-issue code in `params.code`
 * (`one_line`, `control_character` with the character as `char`, `invisible_only`; `required` and `max_chars` from
 * zod's own checks), which the API words in the reader's language. `allowEmpty`: "" passes (a blank item a list drops).
 */
export function oneLineNameSchema(opts: { max: number; required?: string; allowEmpty?: boolean }) {
  const normalised = boundedRaw(opts.max)
    .trim()
    .overwrite((v) => v.normalize("NFC"));
  return (opts.allowEmpty ? normalised : normalised.min(1, opts.required ?? "Required"))
    .max(opts.max)
    .check((ctx) => {
      const value = ctx.value;
      if (LINE_BREAK.test(value)) {
        ctx.issues.push({ code: "custom", input: value, message: "Keep it on one line: no line breaks", params: { code: "one_line", params: {} } });
        return;
      }
      const bad = NAME_FORBIDDEN.exec(value);
      if (bad) {
        const char = codePointOf(bad[0]);
        ctx.issues.push({ code: "custom", input: value, message: `Remove the invisible control character ${char}`, params: { code: "control_character", params: { char } } });
        return;
      }
      if (value.length > 0 && INVISIBLE.test(value)) {
        ctx.issues.push({ code: "custom", input: value, message: "Type visible letters, digits or emoji", params: { code: "invisible_only", params: {} } });
      }
    });
}

/**
 * A text of several lines (a caption, a reply, a note, a knowledge document): CR LF and lone CR become LF, NFC;
 * tabs and line feeds stay, any other C0 control (and DEL) is refused with `control_character`. `trim` trims it
 * (messages), left off where leading spaces may matter (a document pasted as is).
 */
export function multiLineTextSchema(opts: { max: number; min?: number; trim?: boolean; required?: string }) {
  let s = boundedRaw(opts.max).overwrite((v) => v.replace(/\r\n?/g, "\n").normalize("NFC"));
  if (opts.trim) s = s.trim();
  if (opts.min !== undefined) s = s.min(opts.min, opts.required);
  return s.max(opts.max).check((ctx) => {
    const bad = TEXT_FORBIDDEN.exec(ctx.value);
    if (bad) {
      const char = codePointOf(bad[0]);
      ctx.issues.push({ code: "custom", input: ctx.value, message: `Remove the invisible control character ${char}`, params: { code: "control_character", params: { char } } });
    }
  });
}
