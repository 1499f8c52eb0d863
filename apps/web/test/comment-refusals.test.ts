/**
 * A refused action on a comment (CommentErrorReason, sent as `reason`) and a failed send's error class read in the
 * person's language, never as a code or the server's English.
 */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { refusalText } from "../src/components/comments/CommentThreads";
import type { RouterOutputs } from "../src/lib/trpc";

type Refusal = Extract<RouterOutputs["comments"]["hide"], { ok: false }>;
// Typed by the API's output: a new reason fails the typecheck until it is listed here.
const REASONS: Record<Refusal["reason"], true> = {
  not_found: true,
  comment_deleted: true,
  own_comment: true,
  private_reply_exists: true,
  comment_too_old: true,
  invalid_input: true,
  channel_unavailable: true,
  auth_expired: true,
  permission: true,
  rate_limited: true,
  platform: true,
};
const ENGLISH = "Server sentence";

beforeAll(async () => {
  await i18n.loadLanguages(["fr", "en"]);
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["comments", "commentConversations", "serverErrors"]);
});

describe("comment refusals", () => {
  for (const lang of ["fr", "en"] as const) {
    it(`every refusal reason reads in ${lang}`, async () => {
      await i18n.changeLanguage(lang);
      const seen = new Set<string>();
      for (const reason of Object.keys(REASONS)) {
        const text = refusalText(i18n.t, reason, ENGLISH);
        expect(text, reason).not.toMatch(/comments\.errors|^Server sentence$/);
        seen.add(text);
      }
      expect(seen.size).toBe(Object.keys(REASONS).length);
    });
  }

  it("a failed send's platform error class reads through the registry, naming Instagram", async () => {
    await i18n.changeLanguage("fr");
    expect(refusalText(i18n.t, "policy", ENGLISH)).toMatch(/^Instagram .*(règles|politique)/i);
    await i18n.changeLanguage("en");
    expect(refusalText(i18n.t, "policy", ENGLISH)).toBe(i18n.t("serverErrors.platform.policy", { platform: "Instagram" }));
    expect(refusalText(i18n.t, "something_new", ENGLISH)).toBe(ENGLISH);
    await i18n.changeLanguage("fr");
  });
});
