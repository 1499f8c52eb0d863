/**
 * The inbox's keyboard shortcuts, as pure functions of a key event (no DOM needed, so they test without a browser).
 * The page listens on `window`; what each action does lives in routes/inbox.tsx.
 */

export type InboxShortcut = "next" | "previous" | "reply" | "resolve" | "help";

/** The part of a KeyboardEvent the shortcuts read. */
export interface ShortcutKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented?: boolean;
  target: ShortcutTarget | null;
}

/** The part of the event's target they read: an element, or anything else (window, document). */
export interface ShortcutTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  closest?: (selector: string) => unknown;
}

/** The list shown by `?`, in order; keys as printed. */
export const SHORTCUT_LIST: { keys: string[]; action: InboxShortcut | "send" | "close" | "move" | "savedReply" }[] = [
  { keys: ["j"], action: "next" },
  { keys: ["k"], action: "previous" },
  { keys: ["↑", "↓"], action: "move" },
  { keys: ["r"], action: "reply" },
  { keys: ["e"], action: "resolve" },
  { keys: ["Ctrl / ⌘", "Enter"], action: "send" },
  // Typed at the start of the reply box (a text shortcut, not a key binding): opens the saved replies.
  { keys: ["/"], action: "savedReply" },
  { keys: ["?"], action: "help" },
  { keys: ["Esc"], action: "close" },
];

const KEYS: Record<string, InboxShortcut> = { j: "next", k: "previous", r: "reply", e: "resolve", "?": "help" };

/** Inputs where a key is not text: a letter there is still a shortcut. */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Whether the key goes into a field the person is typing in (then no shortcut may take it). */
export function isTypingTarget(target: ShortcutTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
  return false;
}

/**
 * The shortcut a key press asks for, or null: none with Ctrl, ⌘ or Alt (the browser's and the system's own), none
 * while typing in a field, none inside an open dialog (its own keys: Esc, Tab), none already handled.
 * Shift is allowed: `?` is Shift + / on most layouts; a capital J is not `j`.
 */
export function inboxShortcut(e: ShortcutKey): InboxShortcut | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTypingTarget(e.target)) return null;
  // An open one only: just after a dialog closes, focus can still sit on its (now hidden) close button.
  if (typeof e.target?.closest === "function" && e.target.closest("dialog[open]")) return null;
  return KEYS[e.key] ?? null;
}

/**
 * The conversation j (next) or k (previous) moves to in the list as shown: with none open, the first; at either
 * end, none (the reader stays where they are); an open conversation no longer in the list restarts at the first.
 */
export function neighbour(ids: readonly string[], selected: string | undefined, direction: "next" | "previous"): string | undefined {
  const index = selected === undefined ? -1 : ids.indexOf(selected);
  if (index === -1) return ids[0];
  return ids[direction === "next" ? index + 1 : index - 1];
}
