import { API_ERRORS, FIELD_ISSUES, STATUS_CODES } from "@sillage/api/error-codes";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { outcomeView } from "../src/components/ai/decision-outcome";
import { en } from "../src/i18n/en";
import { fr } from "../src/i18n/fr";

const i18n = i18next.createInstance();
await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: "fr", interpolation: { escapeValue: false } });

/** The string at a dotted key of one language, or undefined (no fallback to the other language). */
function rendering(lang: "fr" | "en", key: string): string | undefined {
  const value = i18n.getResource(lang, "translation", key) as unknown;
  return typeof value === "string" && value.trim() ? value : undefined;
}

const params = (template: string) => new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));

/** Every code of the server's registries (packages/api/src/error-codes.ts) must read in French and in English. */
describe("one language per screen: every code the server sends has a French and an English rendering", () => {
  const registries = { serverErrors: API_ERRORS, fieldIssues: FIELD_ISSUES } as const;
  for (const [prefix, registry] of Object.entries(registries)) {
    it(`${prefix}: ${Object.keys(registry).length} codes, each in fr and en, with the English template's parameters`, () => {
      const missing: string[] = [];
      for (const [code, english] of Object.entries(registry as Record<string, string>)) {
        for (const lang of ["fr", "en"] as const) {
          const text = rendering(lang, `${prefix}.${code}`);
          if (!text) missing.push(`${lang}: ${prefix}.${code}`);
          // A parameter the server sends must appear in the reader's sentence (except the platform, named by the
          // sentence itself where the English template is generic).
          else for (const p of params(english)) if (!params(text).has(p)) missing.push(`${lang}: ${prefix}.${code} drops {{${p}}}`);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  it("the notification bell words every platform error class in both languages (no English reason in French)", () => {
    const classes = Object.keys(API_ERRORS).filter((code) => code.startsWith("platform.")).map((code) => code.slice("platform.".length));
    expect(classes.length).toBeGreaterThan(10);
    const missing = classes.flatMap((c) => (["fr", "en"] as const).filter((lang) => !rendering(lang, `notifications.reasons.${c}`)).map((lang) => `${lang}: ${c}`));
    expect(missing).toEqual([]);
  });

  it("the SPA knows no code the server does not send (stale keys are removed with their code)", () => {
    const known = (prefix: "serverErrors" | "fieldIssues", registry: Record<string, string>) => {
      const keys: string[] = [];
      const walk = (o: Record<string, unknown>, path: string) => {
        for (const [k, v] of Object.entries(o)) {
          if (typeof v === "string") keys.push(`${path}${k}`);
          else walk(v as Record<string, unknown>, `${path}${k}.`);
        }
      };
      walk(en[prefix] as Record<string, unknown>, "");
      return keys.filter((k) => !(k in registry));
    };
    expect(known("serverErrors", API_ERRORS)).toEqual([]);
    expect(known("fieldIssues", FIELD_ISSUES)).toEqual([]);
  });

  it("every status code is shown in words in both languages, never as its raw code", () => {
    const where: Record<keyof typeof STATUS_CODES, (code: string) => string> = {
      publication: (c) => `schedule.status.${c}`,
      run: (c) => `schedule.runStatus.${c}`,
      channel: (c) => `channels.status.${c}`,
      conversation: (c) => `inbox.status.${c}`,
      triage: (c) => `inbox.triage.${c}`,
      decisionOutcome: (c) => `ai.outcome.label.${outcomeView("AUTO_REPLY", c).label}`,
      webhookDelivery: (c) => `webhooks.status.${c}`,
      webhookDeliveryError: (c) => `webhooks.errors.${c}`,
      creditReason: (c) => `billing.reasons.${c}`,
    };
    const missing: string[] = [];
    for (const [kind, codes] of Object.entries(STATUS_CODES) as [keyof typeof STATUS_CODES, readonly string[]][]) {
      for (const code of codes) {
        const key = where[kind](code);
        for (const lang of ["fr", "en"] as const) {
          const text = rendering(lang, key);
          if (!text || text === code) missing.push(`${lang}: ${kind} ${code} (${key})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
