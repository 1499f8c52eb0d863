import { describe, expect, it } from "vitest";
import { insertMention, matchMembers, mentionAt, mentionedIn, splitMentions } from "../src/components/notes/mentions";

const camille = { userId: "u1", name: "Camille Roux", email: "camille@shop.fr" };
const marc = { userId: "u2", name: "Marc", email: "marc@shop.fr" };

describe("note mentions", () => {
  it("finds the @… being typed, only at a word's start", () => {
    expect(mentionAt("Salut @cam", 10)).toEqual({ start: 6, query: "cam" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("mail@shop", 9)).toBeNull();
    expect(mentionAt("@cam et", 7)).toBeNull();
  });

  it("matches members by name or e-mail, names starting with the query first", () => {
    expect(matchMembers([camille, marc], "m").map((m) => m.userId)).toEqual(["u2", "u1"]);
    expect(matchMembers([camille, marc], "").map((m) => m.userId)).toEqual(["u1", "u2"]);
    expect(matchMembers([camille, marc], "zz")).toEqual([]);
  });

  it("puts the member's name in place of the query and keeps only mentions still in the text", () => {
    const { text, caret } = insertMention("Vu par @ca ?", 7, 10, "Camille Roux");
    expect(text).toBe("Vu par @Camille Roux  ?");
    expect(caret).toBe(21);
    expect(mentionedIn(text, [camille, marc, camille])).toEqual(["u1"]);
    expect(mentionedIn("plus personne", [camille])).toEqual([]);
  });

  it("cuts a note's text around the mentions it names", () => {
    expect(splitMentions("@Marc et @Camille Roux, regardez", ["Camille Roux", "Marc"])).toEqual([
      { text: "@Marc", mention: true },
      { text: " et ", mention: false },
      { text: "@Camille Roux", mention: true },
      { text: ", regardez", mention: false },
    ]);
    expect(splitMentions("rien", [])).toEqual([{ text: "rien", mention: false }]);
  });
});
