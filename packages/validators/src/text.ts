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
