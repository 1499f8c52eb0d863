import { SAFETY_IDS } from "@sillage/triage";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { fr } from "../src/i18n/fr";

/** Every message of a dictionary with its dotted key. */
function messages(tree: unknown, prefix = ""): [string, string][] {
  if (typeof tree === "string") return [[prefix, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => messages(v, prefix ? `${prefix}.${k}` : k));
}

describe("the dictionaries read as one language, typeset alike", () => {
  it("French uses the typographic apostrophe (’) everywhere, not a mix of ’ and '", () => {
    const straight = messages(fr).filter(([, text]) => /\p{L}'[\p{L}{]/u.test(text));
    expect(straight.map(([key]) => key)).toEqual([]);
  });

  it("the safety categories are named by the dictionaries (the server's labels keep a straight apostrophe), in both languages", () => {
    // walk5: « Demande d'un humain » on a page otherwise typeset with ’.
    const named = (dict: unknown) => new Set(messages(dict).map(([key]) => key));
    for (const dict of [fr, en]) expect(SAFETY_IDS.filter((id) => !named(dict).has(`ai.safety.categories.${id}`))).toEqual([]);
  });

  it("English writes a percentage without the French space (86%, not 86 %)", () => {
    const spaced = messages(en).filter(([, text]) => /(\d|\}\}) %/.test(text));
    expect(spaced.map(([key]) => key)).toEqual([]);
  });

  it("no English message is the French sentence left untranslated (examples a reader copies included)", () => {
    const frByKey = new Map(messages(fr));
    // A sentence: several words with a French accent or article; brand names and codes are the same in both.
    const french = /[àâçéèêëîïôûùœ]|\b(le|la|les|des|vous|une|est)\b/i;
    // (`languages.*` name each language in itself: "Français" on purpose.)
    const same = messages(en).filter(([key, text]) => !key.startsWith("languages.") && frByKey.get(key) === text && french.test(text));
    expect(same.map(([key]) => key)).toEqual([]);
  });

  it("a count followed by a noun has a singular form too: no \"1 passages\", \"1 crédits restants\"", () => {
    // Counts that are never 1 (a minimum length) need no singular.
    const neverOne = new Set(["validation.passwordMin", "auth.passwordHint", "channels.validation.token"]);
    const withoutSingular = (dict: unknown) => {
      const all = new Map(messages(dict));
      return [...all]
        .filter(([key, text]) => /\{\{count\}\} \p{L}+s\b/u.test(text) && !/_(one|other|zero)$/.test(key) && !neverOne.has(key))
        .filter(([key]) => !all.has(`${key}_one`))
        .map(([key]) => key);
    };
    expect(withoutSingular(fr)).toEqual([]);
    expect(withoutSingular(en)).toEqual([]);
  });

  it("English calls a post a post: no \"publication\", the French word left in (the publishing reasons excepted: serverErrors)", () => {
    const frenglish = messages(en).filter(([key, text]) => !key.startsWith("serverErrors.") && /\bpublications?\b/i.test(text));
    expect(frenglish.map(([key]) => key)).toEqual([]);
  });

  it("the pages a shop owner works in speak no plumbing: no webhook, Graph API, sandbox or payload (the settings they are the subject of excepted)", () => {
    // Webhooks, API tokens and access tokens are what those settings are about; server refusals name what went wrong.
    const about = new Set(["webhooks", "tokens", "channels", "serverErrors", "fieldIssues"]);
    const plumbing = /webhook|graph api|api graph|sandbox|payload/i;
    for (const dict of [fr, en]) {
      const leaks = messages(dict).filter(([key, text]) => !about.has(key.split(".")[0]!) && plumbing.test(text));
      expect(leaks.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
    }
  });
});
