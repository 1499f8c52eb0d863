import { describe, expect, it } from "vitest";
import { postTrpc } from "../support/session";
import { followLink } from "../support/navigation";
import { serverSuite } from "../support/suite";

// SILLAGE_DEMO=1: the built-in fake Graph API runs in the server, the login page offers the demo and WhatsApp has a
// one-click sandbox number, as Instagram has its sandbox consent page.
const suite = serverSuite({ SILLAGE_DEMO: "1" });

describe("first run", () => {
  it("landing → sign up → the checklist is shown and ticks itself as the shop connects a sandbox WhatsApp number and adds knowledge", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();

    // `/` is a landing page in French, not a jump to the login form.
    await page.goto(`${suite.server.url}/`);
    await page.locator("#landing-title").waitFor();
    expect(page.url()).toBe(`${suite.server.url}/`);
    expect(await page.textContent("#landing-title")).toContain("planifiés et répondus");
    expect(await page.textContent('[data-testid="explore-demo"]')).toBe("Explorer la démo");
    await page.click('[data-testid="landing-signup"]');
    await page.waitForURL(/\/signup$/);
    await page.fill('input[name="name"]', "Inès Marchand");
    await page.fill('input[name="email"]', "ines@example.com");
    await page.fill('input[name="password"]', "une phrase de passe longue");
    await page.fill('input[name="workspaceName"]', "Maison Inès");
    await page.click('[data-testid="signup-submit"]');

    // After sign-up: the checklist, nothing done yet.
    const checklist = page.locator('[data-testid="getting-started"]');
    await checklist.waitFor();
    expect(await page.textContent('[data-testid="getting-started-progress"]')).toBe("0 sur 5 terminées");
    expect(await page.getAttribute('[data-testid="step-channel"]', "data-done")).toBe("false");

    // Its first step leads to Settings › Channels, where demo mode offers a sandbox WhatsApp number.
    expect(await followLink(page.locator('[data-testid="step-channel"] a'), page.locator('[data-testid="channels-empty"]'))).toBe("/settings/channels");
    expect(await page.textContent('[data-testid="connect-whatsapp-sandbox"]')).toContain("Connecter un numéro de test");
    await page.click('[data-testid="connect-whatsapp-sandbox"]');
    await page.locator('[data-testid="connect-whatsapp-sandbox-done"]').waitFor();
    const row = page.locator('[data-testid="channels-list"] > li');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const channel = row.first();
    expect(await channel.getAttribute("data-platform")).toBe("whatsapp");
    expect(await channel.getAttribute("data-status")).toBe("active");

    // The checklist ticked the channel, live.
    await expect.poll(() => page.getAttribute('[data-testid="step-channel"]', "data-done"), { timeout: 10_000 }).toBe("true");
    expect(await page.textContent('[data-testid="getting-started-progress"]')).toBe("1 sur 5 terminées");

    // Knowledge added elsewhere (the API) ticks its step too: the checklist reads the data, not clicks.
    expect(await postTrpc(page, "knowledge.add", { title: "Livraison", text: "Nous livrons partout en France sous 48 heures, offert dès 60 euros." })).toBe(200);
    await page.click('[data-testid="nav-ai-control"]');
    await expect.poll(() => page.getAttribute('[data-testid="step-knowledge"]', "data-done"), { timeout: 10_000 }).toBe("true");
    expect(await page.textContent('[data-testid="getting-started-progress"]')).toBe("2 sur 5 terminées");

    // Hidden by the owner, for good.
    await page.click('[data-testid="getting-started-dismiss"]');
    await checklist.waitFor({ state: "detached" });
    await page.reload();
    await page.locator('[data-testid="current-user"]').waitFor();
    expect(await checklist.count()).toBe(0);
    await context.close();
  });

  it("the login page's \"Explore the demo\" opens the demo shop with no password typed", async () => {
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/login`);
    const explore = page.locator('[data-testid="explore-demo"]');
    await explore.waitFor();
    expect(await explore.textContent()).toBe("Explorer la démo");
    await page.selectOption('[data-testid="language-switcher"]', "en");
    await expect.poll(() => explore.textContent()).toBe("Explore the demo");
    await explore.click();
    await page.waitForSelector('[data-testid="current-user"]');
    expect(await page.textContent('[data-testid="current-user"]')).toBe("Démo Sillage");
    await page.waitForURL(/\/schedule/);
    // Signed in, `/` goes to the app rather than the landing page.
    await page.goto(`${suite.server.url}/`);
    await page.waitForURL(/\/schedule$/);

    // Members: the demo shop's only owner can neither step down nor leave; the refusal reads in the chosen language.
    await page.goto(`${suite.server.url}/settings`);
    const table = page.locator('[data-testid="members-table"]');
    const myRole = table.locator('[data-testid="member-role"]').first();
    await myRole.waitFor();
    expect(await myRole.inputValue()).toBe("owner");
    await myRole.selectOption("admin");
    await expect.poll(() => page.locator('[role="alert"]').first().textContent()).toBe("The last owner cannot be demoted: make another member owner first.");
    expect(await myRole.inputValue()).toBe("owner");
    await page.selectOption('[data-testid="language-switcher"]', "fr");
    await page.click('[data-testid="member-leave"]');
    await page.click('[data-testid="member-leave-confirm"]');
    await expect
      .poll(() => page.locator('[role="alert"]').first().textContent())
      .toBe("Un espace de travail garde au moins un propriétaire : nommez d’abord un autre membre propriétaire.");
    await context.close();
  });
});
