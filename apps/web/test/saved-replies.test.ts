/**
 * Saved replies in the reply box (issue 13): `/` at the start opens the picker, what it lists for what is typed, what
 * the keys do, and what goes into the box.
 */
import { describe, expect, it } from "vitest";
import { insertSavedReply, matchSavedReplies, pickerKey, savedReplyQuery, savedReplyVariables } from "../src/components/inbox/saved-replies";

const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra });

const replies = [
  { shortcut: "livraison", title: "Délai de livraison", text: "Bonjour Camille, votre colis part sous 48 h." },
  { shortcut: "retours", title: "Retours gratuits", text: "Les retours sont gratuits." },
  { shortcut: "suivi-colis", title: "Suivi de livraison", text: "Voici votre suivi." },
  { shortcut: "horaires", title: "Horaires d’ouverture", text: "Du lundi au samedi." },
];

describe("savedReplyQuery", () => {
  it("opens on / at the start of the box, with the word typed after it", () => {
    expect(savedReplyQuery("/")).toBe("");
    expect(savedReplyQuery("/liv")).toBe("liv");
    expect(savedReplyQuery("/suivi-colis")).toBe("suivi-colis");
  });

  it("stays shut elsewhere: no slash, a slash mid-text, a second word, a new line, a path", () => {
    for (const text of ["", "liv", "Bonjour /liv", " /liv", "/liv ", "/liv raison", "/liv\n", "/home/user"]) expect(savedReplyQuery(text)).toBeNull();
  });
});

describe("matchSavedReplies", () => {
  it("lists shortcuts starting with the query first, then shortcuts or titles containing it, accents and case aside", () => {
    expect(matchSavedReplies(replies, "liv").map((r) => r.shortcut)).toEqual(["livraison", "suivi-colis"]);
    expect(matchSavedReplies(replies, "LIV").map((r) => r.shortcut)).toEqual(["livraison", "suivi-colis"]);
    expect(matchSavedReplies(replies, "delai").map((r) => r.shortcut)).toEqual(["livraison"]);
    expect(matchSavedReplies(replies, "zzz")).toEqual([]);
  });

  it("lists everything (within the limit) for a bare /", () => {
    expect(matchSavedReplies(replies, "")).toHaveLength(4);
    expect(matchSavedReplies(replies, "", 2)).toHaveLength(2);
  });
});

describe("pickerKey", () => {
  it("moves with the arrows, wrapping at both ends", () => {
    expect(pickerKey(key("ArrowDown"), 0, 3)).toEqual({ kind: "move", index: 1 });
    expect(pickerKey(key("ArrowDown"), 2, 3)).toEqual({ kind: "move", index: 0 });
    expect(pickerKey(key("ArrowUp"), 0, 3)).toEqual({ kind: "move", index: 2 });
  });

  it("chooses with Enter or Tab, closes with Esc, and leaves typing and Ctrl + Enter alone", () => {
    expect(pickerKey(key("Enter"), 1, 3)).toEqual({ kind: "choose", index: 1 });
    expect(pickerKey(key("Tab"), 0, 3)).toEqual({ kind: "choose", index: 0 });
    expect(pickerKey(key("Escape"), 0, 3)).toEqual({ kind: "close" });
    expect(pickerKey(key("Escape"), 0, 0)).toEqual({ kind: "close" });
    expect(pickerKey(key("Enter"), 0, 0)).toBeNull();
    expect(pickerKey(key("Enter", { ctrlKey: true }), 0, 3)).toBeNull();
    expect(pickerKey(key("Enter", { shiftKey: true }), 0, 3)).toBeNull();
    expect(pickerKey(key("a"), 0, 3)).toBeNull();
  });
});

describe("insertSavedReply", () => {
  it("puts the reply's text, filled by the server for the conversation, in place of the typed /shortcut", () => {
    const [chosen] = matchSavedReplies(replies, savedReplyQuery("/liv")!);
    expect(insertSavedReply(chosen!.text)).toBe("Bonjour Camille, votre colis part sous 48 h.");
    expect(insertSavedReply("\n  Bonjour, merci.  \n")).toBe("Bonjour, merci.");
  });
});

describe("the variables the settings hint lists", () => {
  it("are the reader's own names: an English owner is not shown {{prenom}} or {{boutique}}", () => {
    expect(savedReplyVariables("en")).toEqual(["first_name", "name", "agent", "shop"]);
    expect(savedReplyVariables("fr")).toEqual(["prenom", "nom", "agent", "boutique"]);
  });
});
