import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { checkWebhookUrl, pinnedLookup, webhookUrlPolicy, type WebhookUrlPolicy } from "../src";

/** DNS as the test says: a name answers its listed addresses, any other name is unknown. */
function policyWith(dns: Record<string, string[]>, base: Partial<WebhookUrlPolicy> = {}): WebhookUrlPolicy {
  return {
    requireHttps: false,
    allowedHosts: [],
    ...base,
    async resolve(host) {
      const answer = dns[host];
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      return answer.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
    },
  };
}

const dns = {
  "hooks.shop.example": ["93.184.215.14"],
  "v6.shop.example": ["2606:4700::1111"],
  "intranet.shop.example": ["10.0.0.8"],
  "metadata.shop.example": ["169.254.169.254"],
  "mixed.shop.example": ["93.184.215.14", "192.168.1.10"],
  "v6-local.shop.example": ["fd00::1"],
  "mapped.shop.example": ["::ffff:127.0.0.1"],
  "empty.shop.example": [],
};

describe("webhook URL policy (SSRF)", () => {
  const policy = policyWith(dns);
  it.each([
    // Public addresses, written or resolved.
    ["https://93.184.215.14/hook", "ok"],
    ["http://hooks.shop.example/hook", "ok"],
    ["https://v6.shop.example/", "ok"],
    ["https://[2606:4700::1111]/", "ok"],
    // IPv4 literals in every form the URL parser accepts.
    ["http://127.0.0.1:8080/", "webhook_url_private"],
    ["http://2130706433/", "webhook_url_private"],
    ["http://0x7f.1/", "webhook_url_private"],
    ["http://017700000001/", "webhook_url_private"],
    ["http://127.1/", "webhook_url_private"],
    ["http://0.0.0.0/", "webhook_url_private"],
    ["http://10.1.2.3/", "webhook_url_private"],
    ["http://172.16.5.4/", "webhook_url_private"],
    ["http://192.168.0.1/", "webhook_url_private"],
    ["http://169.254.169.254/latest/meta-data/", "webhook_url_private"],
    ["http://100.64.0.1/", "webhook_url_private"],
    ["http://224.0.0.1/", "webhook_url_private"],
    ["http://255.255.255.255/", "webhook_url_private"],
    ["http://198.18.0.1/", "webhook_url_private"],
    // IPv6 literals, IPv4-mapped and IPv4-compatible included.
    ["http://[::1]/", "webhook_url_private"],
    ["http://[::]/", "webhook_url_private"],
    ["http://[::ffff:127.0.0.1]/", "webhook_url_private"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "webhook_url_private"],
    ["http://[::127.0.0.1]/", "webhook_url_private"],
    ["http://[fc00::1]/", "webhook_url_private"],
    ["http://[fd12:3456::1]/", "webhook_url_private"],
    ["http://[fe80::1]/", "webhook_url_private"],
    ["http://[ff02::1]/", "webhook_url_private"],
    ["http://[64:ff9b::a00:1]/", "webhook_url_private"],
    // Names judged by what they resolve to: one private answer is enough.
    ["http://intranet.shop.example/", "webhook_url_private"],
    ["http://metadata.shop.example/", "webhook_url_private"],
    ["http://mixed.shop.example/", "webhook_url_private"],
    ["http://v6-local.shop.example/", "webhook_url_private"],
    ["http://mapped.shop.example/", "webhook_url_private"],
    ["http://nowhere.shop.example/", "webhook_url_unresolvable"],
    ["http://empty.shop.example/", "webhook_url_unresolvable"],
    // Not an http(s) address a receiver listens on.
    ["ftp://hooks.shop.example/", "webhook_url_invalid"],
    ["https://user:pass@hooks.shop.example/", "webhook_url_invalid"],
    ["not a url", "webhook_url_invalid"],
  ])("%s → %s", async (url, expected) => {
    const check = await checkWebhookUrl(url, policy);
    expect(check.ok ? "ok" : check.reason).toBe(expected);
  });

  it("the checked address is the one a delivery connects to", async () => {
    const check = await checkWebhookUrl("https://v6.shop.example/x", policy);
    expect(check).toMatchObject({ ok: true, address: { address: "2606:4700::1111", family: 6 } });
  });

  it("https only in production", async () => {
    const production = policyWith(dns, { requireHttps: true });
    expect(await checkWebhookUrl("http://hooks.shop.example/", production)).toEqual({ ok: false, reason: "webhook_url_https_required" });
    expect((await checkWebhookUrl("https://hooks.shop.example/", production)).ok).toBe(true);
  });

  it("WEBHOOK_ALLOWED_HOSTS lets named private hosts through, and only them", async () => {
    const env = webhookUrlPolicy({ production: false, allowedHosts: "127.0.0.1, intranet.shop.example ::1" });
    expect(env.allowedHosts).toEqual(["127.0.0.1", "intranet.shop.example", "::1"]);
    const allowed = policyWith(dns, { allowedHosts: env.allowedHosts });
    expect((await checkWebhookUrl("http://127.0.0.1:4000/hook", allowed)).ok).toBe(true);
    expect((await checkWebhookUrl("http://2130706433:4000/hook", allowed)).ok).toBe(true);
    expect((await checkWebhookUrl("http://[::1]/", allowed)).ok).toBe(true);
    expect((await checkWebhookUrl("http://intranet.shop.example/", allowed)).ok).toBe(true);
    expect(await checkWebhookUrl("http://10.0.0.9/", allowed)).toEqual({ ok: false, reason: "webhook_url_private" });
    expect(await checkWebhookUrl("http://metadata.shop.example/", allowed)).toEqual({ ok: false, reason: "webhook_url_private" });
  });

  it("the pinned lookup connects to the checked address whatever the name resolves to now", async () => {
    const server = createServer((req, res) => res.end(`host ${req.headers.host}`));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      // `rebound.invalid` resolves nowhere: the request still reaches 127.0.0.1, the address given.
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(`http://rebound.invalid:${port}/`, { lookup: pinnedLookup({ address: "127.0.0.1", family: 4 }), agent: false }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve(text));
        });
        req.on("error", reject);
        req.end();
      });
      expect(body).toBe(`host rebound.invalid:${port}`);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
