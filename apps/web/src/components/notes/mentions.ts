// @mentions in a note's text: finding the "@…" being typed, putting a member's name in its place, and which of the
// members picked are still named in the text when it is posted.

export interface MentionTarget {
  userId: string;
  name: string;
}

/** The "@…" the caret is in (after a space or at the start), or null: what the autocomplete filters members by. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([^\s@]{0,40})$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

/** Members whose name (or e-mail) contains the query, names starting with it first. */
export function matchMembers<T extends MentionTarget & { email?: string }>(members: readonly T[], query: string, max = 6): T[] {
  const q = query.toLocaleLowerCase();
  const hits = members.filter((m) => m.name.toLocaleLowerCase().includes(q) || (m.email ?? "").toLocaleLowerCase().includes(q));
  const starts = (m: T) => (m.name.toLocaleLowerCase().startsWith(q) ? 0 : 1);
  return [...hits].sort((a, b) => starts(a) - starts(b)).slice(0, max);
}

/** The text with "@query" at `start` replaced by "@Name ", and where the caret goes after it. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The picked members still named "@Name" in the text (an edited-away mention does not notify anyone). */
export function mentionedIn(text: string, picked: readonly MentionTarget[]): string[] {
  const ids = picked.filter((m) => text.includes(`@${m.name}`)).map((m) => m.userId);
  return [...new Set(ids)];
}

/** The note's text cut into plain parts and "@Name" parts of the members it mentions, for display. */
export function splitMentions(text: string, names: readonly string[]): { text: string; mention: boolean }[] {
  const wanted = [...new Set(names.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!wanted.length) return [{ text, mention: false }];
  const escaped = wanted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const parts: { text: string; mention: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(`@(?:${escaped.join("|")})`, "gu"))) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), mention: false });
    parts.push({ text: m[0], mention: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mention: false });
  return parts;
}
