/**
 * The inbox on the keyboard (issue 13): which key press is which shortcut, when a shortcut must stay off (typing in a
 * field, modifiers, inside a dialog), where j / k lead, and when the thread follows its newest message.
 */
import { describe, expect, it } from "vitest";
import { arrivals, isNearBottom, onNewest } from "../src/components/inbox/follow";
import { inboxShortcut, isTypingTarget, neighbour, type ShortcutKey, type ShortcutTarget } from "../src/components/inbox/shortcuts";

const body: ShortcutTarget = { tagName: "BODY", closest: () => null };
const press = (key: string, extra: Partial<ShortcutKey> = {}): ShortcutKey => ({ key, ctrlKey: false, metaKey: false, altKey: false, target: body, ...extra });

describe("inboxShortcut", () => {
  it("maps j, k, r, e and ? to their actions, outside fields", () => {
    expect(["j", "k", "r", "e", "?"].map((k) => inboxShortcut(press(k)))).toEqual(["next", "previous", "reply", "resolve", "help"]);
    // From a list row (a button) too, and with no element at all (the window).
    expect(inboxShortcut(press("j", { target: { tagName: "BUTTON", closest: () => null } }))).toBe("next");
    expect(inboxShortcut(press("k", { target: null }))).toBe("previous");
  });

  it("ignores other keys and capitals (Shift + j is not j)", () => {
    for (const key of ["J", "K", "R", "E", "x", "/", "Enter", "Escape", " "]) expect(inboxShortcut(press(key))).toBeNull();
  });

  it("stays off while typing: text inputs, search, textarea, select, contenteditable", () => {
    const targets: ShortcutTarget[] = [
      { tagName: "INPUT" },
      { tagName: "INPUT", type: "search" },
      { tagName: "INPUT", type: "email" },
      { tagName: "TEXTAREA" },
      { tagName: "SELECT" },
      { tagName: "DIV", isContentEditable: true },
    ];
    for (const target of targets) {
      expect(isTypingTarget(target)).toBe(true);
      expect(inboxShortcut(press("j", { target }))).toBeNull();
      expect(inboxShortcut(press("?", { target }))).toBeNull();
    }
  });

  it("still works from a checkbox or a button, where a letter is not text", () => {
    expect(isTypingTarget({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(inboxShortcut(press("e", { target: { tagName: "INPUT", type: "checkbox" } }))).toBe("resolve");
  });

  it("leaves Ctrl, ⌘ and Alt combinations to the browser, and events already handled", () => {
    expect(inboxShortcut(press("r", { ctrlKey: true }))).toBeNull(); // reload
    expect(inboxShortcut(press("k", { metaKey: true }))).toBeNull();
    expect(inboxShortcut(press("e", { altKey: true }))).toBeNull();
    expect(inboxShortcut(press("j", { defaultPrevented: true }))).toBeNull();
  });

  it("stays off inside an open dialog (the shortcut list itself), not in one just closed", () => {
    // closest() as the DOM answers it for a button inside a <dialog>, open or not.
    const inDialog = (open: boolean): ShortcutTarget => ({ tagName: "BUTTON", closest: (s) => (s === "dialog" || (open && s === "dialog[open]") ? {} : null) });
    expect(inboxShortcut(press("j", { target: inDialog(true) }))).toBeNull();
    expect(inboxShortcut(press("?", { target: inDialog(true) }))).toBeNull();
    expect(inboxShortcut(press("j", { target: inDialog(false) }))).toBe("next");
  });
});

describe("neighbour", () => {
  const ids = ["a", "b", "c"];
  it("moves down with next and up with previous", () => {
    expect(neighbour(ids, "a", "next")).toBe("b");
    expect(neighbour(ids, "c", "previous")).toBe("b");
  });
  it("starts at the first with none open, or when the open one left the list", () => {
    expect(neighbour(ids, undefined, "next")).toBe("a");
    expect(neighbour(ids, undefined, "previous")).toBe("a");
    expect(neighbour(ids, "gone", "previous")).toBe("a");
  });
  it("stops at either end", () => {
    expect(neighbour(ids, "c", "next")).toBeUndefined();
    expect(neighbour(ids, "a", "previous")).toBeUndefined();
    expect(neighbour([], undefined, "next")).toBeUndefined();
  });
});

describe("following the newest message", () => {
  it("counts the reader as at the bottom within a small slack only", () => {
    expect(isNearBottom({ scrollTop: 600, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isNearBottom({ scrollTop: 560, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isNearBottom({ scrollTop: 500, scrollHeight: 1000, clientHeight: 400 })).toBe(false);
  });
  it("scrolls on opening, after sending and while following; otherwise offers the pill", () => {
    expect(onNewest({ opening: true, justSent: false, following: false })).toBe("scroll");
    expect(onNewest({ opening: false, justSent: true, following: false })).toBe("scroll");
    expect(onNewest({ opening: false, justSent: false, following: true })).toBe("scroll");
    expect(onNewest({ opening: false, justSent: false, following: false })).toBe("pill");
  });
  it("counts arrivals by id: a new message sorted before the newest still arrived; a loaded older page did not", () => {
    const opened = arrivals(null, [
      { id: "reply", at: "2026-12-02T10:00:12.700Z" },
      { id: "m1", at: "2026-12-02T10:00:05Z" },
    ]);
    expect(opened).toMatchObject({ opening: true, arrived: 2 });
    // The customer's message has a whole-second timestamp: it sorts before the reply, yet it is new.
    const live = arrivals(opened.shown, [
      { id: "reply", at: "2026-12-02T10:00:12.700Z" },
      { id: "m2", at: "2026-12-02T10:00:12Z" },
      { id: "m1", at: "2026-12-02T10:00:05Z" },
    ]);
    expect(live).toMatchObject({ opening: false, arrived: 1 });
    const older = arrivals(live.shown, [
      { id: "reply", at: "2026-12-02T10:00:12.700Z" },
      { id: "m2", at: "2026-12-02T10:00:12Z" },
      { id: "m1", at: "2026-12-02T10:00:05Z" },
      { id: "m0", at: "2026-12-02T09:59:00Z" },
    ]);
    expect(older.arrived).toBe(0);
    // A refetch with nothing new (a status tick changed) is no arrival either.
    expect(arrivals(older.shown, [{ id: "reply", at: "2026-12-02T10:00:12.700Z" }]).arrived).toBe(0);
  });
});
