import { createDb } from "@sillage/db";
import { describe, expect, it } from "vitest";
import { signUp } from "../support/session";
import { serverSuite } from "../support/suite";

const suite = serverSuite();

describe("notifications: e-mail settings and escalation thresholds", () => {
  it("an owner sets a daily digest, quiet hours and a channel's threshold in French; they are saved after a reload", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Léa Martin", email: "lea@example.com", password: "une phrase de passe longue", workspaceName: "Savonnerie Léa" });

    // Two connected channels, stored as the channels package stores them.
    const { db, close } = createDb(suite.server.databaseUrl);
    let ws: string;
    try {
      ws = (await db.selectFrom("workspaces").select("id").where("name", "=", "Savonnerie Léa").executeTakeFirstOrThrow()).id;
      for (const name of ["savonnerie.lea", "Léa WhatsApp"]) {
        await db
          .insertInto("channels")
          .values({ workspace_id: ws, platform: "instagram", display_name: name, external_id: `e2e-${name}`, token_ciphertext: Buffer.from("x"), token_key_id: "k" })
          .execute();
      }
    } finally {
      await close();
    }

    await page.goto(`${suite.server.url}/settings/notifications`);
    const email = page.locator('[data-testid="notification-email-settings"]');
    await email.waitFor();
    await page.getByLabel("Un récapitulatif par jour").check();
    await page.getByLabel("Heure du récapitulatif").selectOption("18");
    await page.getByLabel("Heures calmes : à partir de").selectOption("21");
    await page.getByLabel("jusqu’à").selectOption("8");
    await page.click('[data-testid="notification-email-save"]');
    await page.locator('[data-testid="notification-email-saved"]').waitFor();
    expect(await page.locator('[data-testid="notification-email-saved"]').textContent()).toBe("Enregistré");

    const thresholds = page.locator('[data-testid="notification-thresholds"]');
    await page.getByLabel("Délai par défaut (minutes)").fill("20");
    await page.getByLabel("Délai de savonnerie.lea en minutes").fill("5");
    // Out of range: refused in the page, in French, nothing sent.
    await page.getByLabel("Délai de Léa WhatsApp en minutes").fill("2000");
    await page.click('[data-testid="notification-thresholds-save"]');
    await thresholds.getByText("Un nombre entier de minutes, de 1 à 1440.").waitFor();
    await page.getByLabel("Délai de Léa WhatsApp en minutes").fill("");
    await page.click('[data-testid="notification-thresholds-save"]');
    await page.locator('[data-testid="notification-thresholds-saved"]').waitFor();

    await page.reload();
    await email.waitFor();
    expect(await page.getByLabel("Un récapitulatif par jour").isChecked()).toBe(true);
    expect(await page.getByLabel("Heure du récapitulatif").inputValue()).toBe("18");
    expect(await page.getByLabel("Heures calmes : à partir de").inputValue()).toBe("21");
    expect(await page.getByLabel("jusqu’à").inputValue()).toBe("8");
    expect(await page.getByLabel("Délai par défaut (minutes)").inputValue()).toBe("20");
    expect(await page.getByLabel("Délai de savonnerie.lea en minutes").inputValue()).toBe("5");
    const whatsapp = page.getByLabel("Délai de Léa WhatsApp en minutes");
    expect(await whatsapp.inputValue()).toBe("");
    expect(await whatsapp.getAttribute("placeholder")).toBe("20 (par défaut)");
    await context.close();
  });
});
