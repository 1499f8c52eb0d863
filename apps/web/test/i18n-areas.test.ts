import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18n from "i18next";
import { describe, expect, it } from "vitest";
import { i18nReady, loadAreas } from "../src/i18n";
import { PAGE_AREAS } from "../src/i18n/areas";
import * as enCore from "../src/i18n/en/_core";
import { en } from "../src/i18n/en";
import { fr } from "../src/i18n/fr";

const i18nDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/i18n");
const filesOf = (lang: string) => readdirSync(path.join(i18nDir, lang)).sort();

/** Every dotted key of a dictionary. */
function keysOf(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("the dictionaries, one file per top-level key", () => {
  it("fr/ and en/ hold the same files: one per top-level key, named after it, and the core's list", async () => {
    expect(filesOf("fr")).toEqual(filesOf("en"));
    expect(filesOf("en")).toEqual(["_core.ts", ...Object.keys(en).map((k) => `${k}.ts`)].sort());
    for (const lang of ["fr", "en"])
      for (const key of Object.keys(en)) expect(Object.keys(await import(`../src/i18n/${lang}/${key}.ts`)), `${lang}/${key}.ts`).toEqual([key]);
  });

  it("every key reads in both languages (none in one only)", () => {
    expect(keysOf(fr).sort()).toEqual(keysOf(en).sort());
  });

  it("the core is what the shell and the sign-in need, not the pages' words", () => {
    expect(Object.keys(enCore)).toContain("shell");
    for (const area of new Set(Object.values(PAGE_AREAS).flat())) expect(Object.keys(enCore)).not.toContain(area);
  });
});

describe("an area's words arrive before they show, in the language shown", () => {
  it("loads an area in the current language, and a language switched to afterwards gets it with its core", async () => {
    await i18nReady;
    await i18n.changeLanguage("fr");
    // Not loaded by anything yet: a first page of the inbox does not download the KPIs' words.
    expect(i18n.exists("kpis.title")).toBe(false);
    await loadAreas(["kpis"]);
    expect(i18n.t("kpis.title")).toBe(fr.kpis.title);
    await i18n.changeLanguage("en");
    expect(i18n.t("kpis.title")).toBe(en.kpis.title);
    expect(i18n.t("shell.logout")).toBe(en.shell.logout);
  });

  it("an area asked for while a language is being read joins it: the switch shows no key", async () => {
    await loadAreas(["topics"]);
    expect(i18n.t("topics.title")).toBe(en.topics.title);
    // French is read already: the area joins both languages, the other one too (a switch back shows it).
    const switching = i18n.changeLanguage("fr");
    await loadAreas(["billing"]);
    await switching;
    expect(i18n.t("billing.title")).toBe(fr.billing.title);
    expect(i18n.getFixedT("en")("billing.title")).toBe(en.billing.title);
  });
});
