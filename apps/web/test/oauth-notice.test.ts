/**
 * Instagram Login's outcome on Settings › Channels (`?error=<code>`): a code in the reader's language, and a crafted
 * link's own sentence never shown as the app's words (branch probes3).
 */
import i18n from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { oauthRefusalText } from "../src/components/channels/OAuthNotice";

beforeAll(async () => {
  await i18n.changeLanguage("fr");
  // The words of the page that shows it (its route loads them in the app).
  await loadAreas(["channels", "serverErrors"]);
});

describe("oauthRefusalText", () => {
  it("words every code the callback sends, in French", () => {
    for (const code of ["instagram_denied", "instagram_incomplete", "sign_in_first", "oauth_link_invalid", "role_required", "channel_taken", "oauth_plan_limit", "platform.auth_expired"]) {
      const text = oauthRefusalText(code, i18n.t);
      expect(text, code).not.toBe(i18n.t("channels.notice.errorGeneric"));
      expect(text, code).not.toMatch(/\{\{|[a-z]+_[a-z]+/);
    }
  });

  it("shows the generic sentence for any other text, never the text itself", () => {
    const crafted = "Votre compte est suspendu : appelez le 01 23 45 67 89";
    expect(oauthRefusalText(crafted, i18n.t)).toBe(i18n.t("channels.notice.errorGeneric"));
    expect(oauthRefusalText("", i18n.t)).toBe(i18n.t("channels.notice.errorGeneric"));
  });
});
