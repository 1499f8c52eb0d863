import i18n from "i18next";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as frCore from "../src/i18n/fr/_core";
import { topics } from "../src/i18n/fr/topics";
import type * as WebhooksWords from "../src/i18n/fr/webhooks";

// The chunks of two areas fail as a dropped connection makes them fail: webhooks' once, kpis' every time.
const failures = vi.hoisted(() => ({ webhooks: 0, kpis: 0 }));
vi.mock("../src/i18n/fr/webhooks", async (original: () => Promise<unknown>) => {
  if (++failures.webhooks === 1) throw new TypeError("Failed to fetch dynamically imported module: /assets/webhooks.js");
  return original();
});
vi.mock("../src/i18n/fr/kpis", () => {
  failures.kpis++;
  throw new TypeError("Failed to fetch dynamically imported module: /assets/kpis.js");
});

const { i18nReady, loadAreas } = await import("../src/i18n");
const reported = vi.spyOn(console, "error").mockImplementation(() => undefined);
afterAll(() => reported.mockRestore());

describe("an area whose chunk fails to load", () => {
  it("is fetched again once: a single failure shows nothing", async () => {
    await i18nReady;
    await i18n.changeLanguage("fr");
    await loadAreas(["webhooks"]);
    const { webhooks } = await vi.importActual<typeof WebhooksWords>("../src/i18n/fr/webhooks");
    expect(i18n.t("webhooks.title")).toBe(webhooks.title);
    expect(failures.webhooks).toBe(2);
    expect(reported).not.toHaveBeenCalled();
  });

  it("failing again, the page still opens with the core's words and the error is reported; a later visit tries again", async () => {
    // The route's loader settles: a link to the page never does nothing.
    await expect(loadAreas(["kpis", "topics"])).resolves.toBeUndefined();
    expect(failures.kpis).toBe(2);
    expect(i18n.t("topics.title")).toBe(topics.title);
    expect(i18n.t("shell.logout")).toBe(frCore.shell.logout);
    expect(i18n.exists("kpis.title")).toBe(false);
    expect(String(reported.mock.calls[0]?.[0])).toContain('the "kpis" words (fr) did not load');
    await loadAreas(["kpis"]);
    expect(failures.kpis).toBe(4);
  });
});
