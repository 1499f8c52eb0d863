/**
 * "Never twice, never lost" for the inbox's automatic path with real process deaths (branch probes3): a worker
 * process (main.ts, SILLAGE_ROLE=worker) is SIGKILLed while it sends an automatic reply, the platform call in flight;
 * a second worker takes over. publishing-crash.test.ts covers publication, inbox/process-kill.test.ts the ingest.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "./ai/seed";
import { ApiSession, ok, startTestServer, TEST_SECRETS, type TestServer } from "./harness";
import { webhooksSubscribed } from "./inbox/world";
import { connectWhatsApp } from "./publishing/helpers";
import { kill, startWorkerProcess } from "./worker-process";

let server: TestServer;
let owner: ApiSession;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "autoreply-crash@example.com", workspaceName: "Crash shop" });
  await server.db.db.updateTable("workspaces").set({ burst_window_seconds: 1 }).where("id", "=", owner.workspaceId!).execute();
  ok(await owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await owner.mutation("ai.control.set", { enabled: true }));
  server.fake.control.configureWebhooks({
    whatsapp: { url: `${server.url}/webhooks/whatsapp` },
    instagram: { url: `${server.url}/webhooks/instagram` },
    metaAppSecret: TEST_SECRETS.metaAppSecret,
    instagramAppSecret: TEST_SECRETS.instagramAppSecret,
  });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await server.close();
});

const startWorker = () => startWorkerProcess(server, children);

describe("a worker killed while it sends an automatic reply", () => {
  it("the next worker does not send it again: one decision, one reply row, at most one message to the customer", async () => {
    const first = await startWorker();
    await first.up;
    const wa = await connectWhatsApp(server, owner);
    await webhooksSubscribed(server, [wa.channelId], 30_000);
    // The send hangs: the worker is inside the platform call, the reply claimed (`sending`), when it dies.
    server.fake.control.injectFault({ kind: "slow", delayMs: 5000, match: { operation: "whatsapp.send" } });
    const customer = "33640000001";
    server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: customer, text: "Bonjour, quels sont vos horaires d'ouverture ?" });
    const outbound = () => server.db.db.selectFrom("outbound_messages").select(["id", "status", "automatic"]).where("workspace_id", "=", owner.workspaceId!).execute();
    await expect.poll(async () => (await outbound()).map((o) => o.status), { timeout: 30_000, interval: 50 }).toEqual(["sending"]);
    await kill(first.child);

    const second = await startWorker();
    await second.up;
    // The interrupted send is settled (the platform's proof, or "may or may not have gone out"), never re-sent.
    await expect.poll(async () => (await outbound()).map((o) => o.status)[0], { timeout: 30_000, interval: 100 }).toMatch(/^(sent|failed)$/);
    await new Promise((r) => setTimeout(r, 3000)); // room for a wrong second send
    expect((await outbound()).map((o) => o.automatic)).toEqual([true]);
    const toCustomer = server.fake.control.sentMessages().filter((m) => m.to === customer);
    expect(toCustomer.length).toBeLessThanOrEqual(1);
    const decisions = await server.db.db.selectFrom("ai_decisions").select(["triage"]).where("workspace_id", "=", owner.workspaceId!).execute();
    expect(decisions).toEqual([{ triage: "AUTO_REPLY" }]);
    await kill(second.child);
  }, 120_000);
});
