import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstAndCurrentTop, followLink, watchFirstPosition } from "../support/navigation";
import { signUp } from "../support/session";
import { serverSuite } from "../support/suite";

// The receiver runs on this machine: the operator allows it explicitly, as README's configuration table says.
const suite = serverSuite({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });

let secret = "";
const received: { valid: boolean; type: string }[] = [];
let receiverUrl = "";
let closeReceiver: () => Promise<void>;
beforeAll(async () => {
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const expected = `sha256=${createHmac("sha256", secret).update(`${String(req.headers["x-sillage-timestamp"])}.${raw}`).digest("hex")}`;
      received.push({ valid: req.headers["x-sillage-signature"] === expected, type: (JSON.parse(raw) as { type: string }).type });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sillage`;
  closeReceiver = () => new Promise<void>((r) => server.close(() => r()));
});
afterAll(async () => closeReceiver?.());

describe("Settings › Webhooks", () => {
  it("in French, on a phone: a private address is refused, a local receiver is added, its secret shown once, a signed test is delivered and logged", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Léa Martin", email: "lea@example.com", password: "une phrase de passe longue", workspaceName: "Boutique Léa" });
    await page.setViewportSize({ width: 390, height: 844 });
    const link = '[data-testid="settings-webhooks-link"]';
    await watchFirstPosition(page, link);
    await page.goto(`${suite.server.url}/settings`);
    // A new workspace's checklist comes with the page: arriving after, it pushed the settings links down under a finger
    // already tapping one, and the tap went nowhere.
    await page.locator('[data-testid="getting-started"]').waitFor();
    const { first, now } = await firstAndCurrentTop(page, link);
    expect(first).toBeDefined();
    expect(now).toBe(first);
    expect(await followLink(page.locator(link), page.locator('[data-testid="webhook-add-url"]'))).toBe("/settings/webhooks");

    const url = page.locator('[data-testid="webhook-add-url"]');
    // Checked as typed, then by the server (where the address leads).
    await url.fill("pas une adresse");
    await url.blur();
    await page.getByText("Indiquez une adresse complète qui commence par https://").waitFor();
    await url.fill("http://169.254.169.254/latest/meta-data/");
    await page.locator('[data-testid="webhook-add-submit"]').click();
    await page.getByText("Cette adresse mène à un réseau privé ou local").waitFor();

    await url.fill(receiverUrl);
    await page.locator('[data-testid="webhook-add-submit"]').click();
    const shown = page.locator('[data-testid="webhook-secret-value"]');
    await shown.waitFor();
    secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(await page.locator('[data-testid="webhook-verify"]').textContent()).toContain("X-Sillage-Signature");
    await page.getByRole("button", { name: "C’est noté" }).click();
    await shown.waitFor({ state: "detached" });
    // Never shown again, even after a reload.
    await page.reload();
    await page.locator('[data-testid="webhook"]').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator('[data-testid="webhook"]').textContent()).toContain(receiverUrl);

    await page.locator('[data-testid="webhook-test"]').click();
    await page.locator('[data-testid="webhooks-notice"]').waitFor();
    const delivered = page.locator('[data-testid="webhook-delivery"][data-status="delivered"]').first();
    await delivered.waitFor({ timeout: 20_000 });
    const line = (await delivered.textContent()) ?? "";
    expect(line).toContain("Événement de test");
    expect(line).toContain("Livré");
    expect(line).toContain("HTTP 204");
    expect(line).toContain("1 tentative");
    expect(received).toEqual([{ valid: true, type: "test" }]);

    // The body sent, on demand.
    await delivered.locator("summary").click();
    expect(await delivered.locator("pre").textContent()).toContain('"type": "test"');
    // Readable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "/tmp/notifyhooks-phone.png", fullPage: true });

    // The list follows its last delivery.
    await page.locator('[data-testid="webhook"] .hook-status--delivered').waitFor({ timeout: 10_000 });

    // A new secret, confirmed in a dialog, shown once; the next test is signed with it.
    await page.locator('[data-testid="webhook-rotate"]').click();
    await page.locator('[data-testid="webhook-rotate-confirm"]').click();
    await shown.waitFor();
    const renewed = await shown.inputValue();
    expect(renewed).not.toBe(secret);
    secret = renewed;
    await page.getByRole("button", { name: "C’est noté" }).click();
    await page.locator('[data-testid="webhook-test"]').click();
    await expect.poll(() => page.locator('[data-testid="webhook-delivery"][data-status="delivered"]').count(), { timeout: 20_000 }).toBe(2);
    expect(received).toEqual([
      { valid: true, type: "test" },
      { valid: true, type: "test" },
    ]);

    // Delete after a confirm dialog.
    await page.locator('[data-testid="webhook-delete"]').click();
    await page.locator('[data-testid="webhook-delete-confirm"]').click();
    await page.getByText("Aucun webhook pour l’instant.").waitFor();
    await context.close();
  });
});
