import type { Page } from "playwright-core";

export interface Account {
  email: string;
  password: string;
}

/** The account SILLAGE_DEMO=1 seeds (apps/server/src/demo.ts). */
export const DEMO_ACCOUNT: Account = { email: "demo@sillage.local", password: "demo-sillage-2026" };

/** Creates an account and its workspace on the sign-up page; resolves once the app shows the person signed in. */
export async function signUp(page: Page, serverUrl: string, account: Account & { name: string; workspaceName: string }): Promise<void> {
  await page.goto(`${serverUrl}/signup`);
  await page.fill('input[name="name"]', account.name);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await page.fill('input[name="workspaceName"]', account.workspaceName);
  await page.click('[data-testid="signup-submit"]');
  // Attached, not visible: on a phone the person's name sits in the closed menu.
  await page.waitForSelector('[data-testid="current-user"]', { state: "attached" });
}

/** Signs in on the login page (opened unless the browser is already there); resolves once the app shows the person. */
export async function signIn(page: Page, serverUrl: string, account: Account): Promise<void> {
  if (!page.url().startsWith(`${serverUrl}/login`)) await page.goto(`${serverUrl}/login`);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForSelector('[data-testid="current-user"]', { state: "attached" });
}

/** A tRPC mutation sent from the page, with its session and workspace, as the SPA sends it; resolves to the HTTP status. */
export async function postTrpc(page: Page, procedure: string, input: unknown): Promise<number> {
  return page.evaluate(
    async ({ procedure, input }) => {
      const res = await fetch(`/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" },
        body: JSON.stringify({ json: input }),
      });
      return res.status;
    },
    { procedure, input },
  );
}

/** A tRPC query sent from the page, with its session and workspace; resolves to its result's data (superjson's `json`). */
export async function queryTrpc<T>(page: Page, procedure: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ procedure, input }) => {
      const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      const res = await fetch(`/trpc/${procedure}${qs}`, { headers: { "x-sillage-workspace": localStorage.getItem("sillage.workspace") ?? "" } });
      const body = (await res.json()) as { result?: { data?: { json?: unknown } }; error?: unknown };
      if (!res.ok || !body.result) throw new Error(`${procedure}: HTTP ${res.status} ${JSON.stringify(body.error)}`);
      return body.result.data?.json as never;
    },
    { procedure, input },
  );
}

/**
 * Waits until Meta (the fake) sends every connected channel's messages: connecting queues the app's webhook
 * subscription, and a customer writing before it is done is heard by nobody, as on Meta.
 */
export async function untilReceiving(page: Page, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const channels = await queryTrpc<{ webhookStatus: string }[]>(page, "channels.list");
    if (channels.every((c) => c.webhookStatus === "active")) return;
    if (Date.now() > until) throw new Error(`channels not receiving messages in time: ${JSON.stringify(channels.map((c) => c.webhookStatus))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** On the inbox of a demo workspace: a customer writes `text` through the demo simulator, and the owner opens it. */
export async function openDemoConversation(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="demo-text"]', text);
  await page.click('[data-testid="demo-send"]');
  const row = page.locator('[data-testid="conversation-row"]', { hasText: text });
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator('[data-testid="thread"]').waitFor();
}
