// The saved-reply picker of the reply box, without React: when it opens (`/` at the start), what it lists, what the
// keys do, what it inserts. The server fills each reply's variables for the conversation (`savedReplies.forConversation`);
// the variable names are listed here for the settings form's hint.

/** The variables a saved reply may use, by the language of their names (the server's list, which takes both; see packages/inbox). */
export const SAVED_REPLY_VARIABLES = { fr: ["prenom", "nom", "agent", "boutique"], en: ["first_name", "name", "agent", "shop"] } as const;

/** The names the settings hint lists: the reader's own ({{prenom}} in an English hint reads as a typo); both keep working. */
export function savedReplyVariables(lang: string): readonly string[] {
  return lang === "fr" ? SAVED_REPLY_VARIABLES.fr : SAVED_REPLY_VARIABLES.en;
}

/** The longest picker: a shortcut typed further narrows it. */
export const PICKER_MAX = 8;

/**
 * What is typed after `/` when the box starts with it and holds one word (`/liv` → "liv", `/` → ""), else null:
 * the picker is open only then, so a `/` inside a sentence or a path in a reply never opens it.
 */
export function savedReplyQuery(text: string): string | null {
  const m = /^\/([^\s/]*)$/.exec(text);
  return m ? m[1]! : null;
}

/** Lower case without accents: "Livraison" and "livraisón" match "liv". */
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Replies whose shortcut starts with the query first (by shortcut), then those whose shortcut or title contains it. */
export function matchSavedReplies<T extends { shortcut: string; title: string }>(replies: readonly T[], query: string, max = PICKER_MAX): T[] {
  const q = fold(query);
  const starts = replies.filter((r) => fold(r.shortcut).startsWith(q));
  const contains = replies.filter((r) => !starts.includes(r) && (fold(r.shortcut).includes(q) || fold(r.title).includes(q)));
  return [...starts, ...contains].slice(0, max);
}

export type PickerAction = { kind: "move"; index: number } | { kind: "choose"; index: number } | { kind: "close" } | null;

/**
 * What a key does while the picker is open over `count` options, `active` highlighted: arrows move (wrapping),
 * Enter or Tab chooses, Esc closes; anything else is typing (null). Ctrl / ⌘ + Enter stays "send".
 */
export function pickerKey(key: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }, active: number, count: number): PickerAction {
  if (key.key === "Escape") return { kind: "close" };
  if (count === 0 || key.ctrlKey || key.metaKey || key.altKey) return null;
  if (key.key === "ArrowDown") return { kind: "move", index: (active + 1) % count };
  if (key.key === "ArrowUp") return { kind: "move", index: (active - 1 + count) % count };
  if ((key.key === "Enter" && !key.shiftKey) || key.key === "Tab") return { kind: "choose", index: Math.min(active, count - 1) };
  return null;
}

/** The box after choosing: the typed `/shortcut` is replaced by the reply's filled text, trimmed of blank edges. */
export function insertSavedReply(filledText: string): string {
  return filledText.trim();
}
