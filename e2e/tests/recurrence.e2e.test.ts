import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, signIn } from "../support/session";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the demo workspace (French) with an Instagram account on the built-in fake Graph API.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x14, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
]);

/** A tRPC call from the page, with its session and workspace (the API a tool would use); resolves to the result. */
async function trpc<T>(page: Page, kind: "query" | "mutation", procedure: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ({ kind, procedure, input }) => {
      const headers = { "content-type": "application/json", "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" };
      const res =
        kind === "query"
          ? await fetch(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers })
          : await fetch(`/trpc/${procedure}`, { method: "POST", headers, body: JSON.stringify({ json: input }) });
      return (await res.json()) as { result?: { data: { json: unknown } }; error?: unknown };
    },
    { kind, procedure, input },
  );
  if (!body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json as T;
}

describe("Schedule: the composer never rewrites a rule it did not touch (issue 9 B)", () => {
  it("series created by API keep their rule byte for byte when saved unchanged, and read in plain words", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signIn(page, suite.server.url, DEMO_ACCOUNT);
    await page.waitForSelector('[data-testid="calendar-grid"]');
    const channels = await trpc<{ id: string; platform: string }[]>(page, "query", "channels.list", undefined);
    const instagram = channels.find((c) => c.platform === "instagram")!.id;
    const media = await trpc<{ id: string }>(page, "mutation", "media.upload", { data: `data:image/jpeg;base64,${JPEG.toString("base64")}`, filename: "photo.jpg" });

    const cases = [
      // Outside the form: shown read-only with its description.
      { rrule: "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24;BYHOUR=10", dtstart: "2030-12-24T10:00", words: "Chaque année le 24 décembre à 10:00", readOnly: true },
      { rrule: "FREQ=HOURLY;INTERVAL=6;BYHOUR=9,15;COUNT=20", dtstart: "2030-01-07T09:00", words: "Toutes les 6 heures à 09:00 et 15:00, 20 fois", readOnly: true },
      { rrule: "FREQ=MONTHLY;BYDAY=1MO", dtstart: "2030-01-07T09:00", words: "Chaque mois le premier lundi à 09:00", readOnly: true },
      // The form would write it without INTERVAL=1: the same meaning, not the same rule.
      { rrule: "FREQ=DAILY;INTERVAL=1;COUNT=3", dtstart: "2030-02-01T08:00", words: "Tous les jours à 08:00, 3 fois", readOnly: true },
      // One the form edits: shown in the form, still sent as it was.
      { rrule: "FREQ=WEEKLY;BYDAY=SU", dtstart: "2030-01-06T09:00", words: "Tous les dimanches à 09:00", readOnly: false },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      const created = await trpc<{ id: string }>(page, "mutation", "posts.create", {
        channelIds: [instagram],
        timeZone: "Europe/Paris",
        rrule: c.rrule,
        dtstart: c.dtstart,
        content: { text: `Série ${c.rrule}`, mediaIds: [media.id] },
      });
      ids.push(created.id);
    }

    await page.click('[data-testid="schedule-view-list"]');
    const detail = page.locator('[data-testid="post-detail"]');
    const composer = page.locator('[data-testid="post-composer"]');
    for (const [i, c] of cases.entries()) {
      const id = ids[i]!;
      const before = await trpc<{ rrule: string; updatedAt: string }>(page, "query", "posts.get", { id });
      expect(before.rrule).toBe(c.rrule);
      await page.locator(`[data-testid="post-row"][data-post-id="${id}"]`).first().click();
      await detail.waitFor();
      // The detail describes the rule itself, not what the form would make of it.
      await expect.poll(() => detail.locator('[data-testid="post-schedule-line"]').textContent()).toContain(c.words.charAt(0).toLowerCase() + c.words.slice(1));
      await detail.locator('[data-testid="post-edit"]').click();
      await composer.waitFor();
      expect(await composer.locator('[data-testid="composer-rrule-summary"]').textContent()).toBe(c.words);
      expect(await composer.locator('[data-testid="composer-rrule-readonly"]').count()).toBe(c.readOnly ? 1 : 0);
      if (c.readOnly) expect(await composer.locator('[data-testid="composer-rrule-text"]').textContent()).toBe(c.rrule);
      await expect.poll(() => composer.locator('[data-testid="composer-preview-item"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await composer.locator('[data-testid="composer-submit"]').click();
      await detail.waitFor();
      await expect.poll(async () => (await trpc<{ updatedAt: string }>(page, "query", "posts.get", { id })).updatedAt, { timeout: 10_000 }).not.toBe(before.updatedAt);
      expect((await trpc<{ rrule: string }>(page, "query", "posts.get", { id })).rrule).toBe(c.rrule);
      await page.keyboard.press("Escape");
      await detail.waitFor({ state: "detached" });
    }

    // Replacing a rule the form cannot edit is a deliberate step: then the form's rule is saved.
    const id = ids[0]!;
    await page.locator(`[data-testid="post-row"][data-post-id="${id}"]`).first().click();
    await detail.locator('[data-testid="post-edit"]').click();
    await composer.locator('[data-testid="composer-rrule-replace"]').click();
    await composer.locator('[data-testid="composer-rrule-freq"]').selectOption("WEEKLY");
    expect(await composer.locator('[data-testid="composer-rrule-summary"]').textContent()).toBe("Tous les mardis à 10:00");
    await composer.locator('[data-testid="composer-submit"]').click();
    await detail.waitFor();
    await expect.poll(async () => (await trpc<{ rrule: string }>(page, "query", "posts.get", { id })).rrule, { timeout: 10_000 }).toBe("FREQ=WEEKLY");
    await context.close();
  });
});
