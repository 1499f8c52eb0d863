import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

// ops/ is the contract between the code and the operators' Prometheus and Grafana: these tests fail when a rule
// does not parse or when a dashboard or rule names a metric the processes do not expose.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const rulesPath = `${root}ops/prometheus/alerts.yml`;
const dashboard = JSON.parse(readFileSync(`${root}ops/grafana/sillage.json`, "utf8")) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
};

function metricNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\bsillage_[a-z0-9_]+/g)].map((m) => m[0]));
}

/** Metric families of an exposition: names from `# TYPE`, histograms with their series suffixes. */
function exposed(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
    names.add(m[1]!);
    if (m[2] === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(m[1]! + s);
  }
  return names;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("ops/: Prometheus rules and the Grafana dashboard", () => {
  it("the alert rules pass promtool check rules", () => {
    // CI installs Debian's prometheus package (.ci/run) when promtool is missing.
    const out = execFileSync("promtool", ["check", "rules", rulesPath], { encoding: "utf8" });
    expect(out).toContain("SUCCESS");
  });

  it("promtool refuses a broken rule (the check can fail)", () => {
    const broken = `${root}ops/prometheus/.broken-test.yml`;
    const text = "groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(sillage_jobs_total[5m]) >\n";
    execFileSync("sh", ["-c", `cat > '${broken}'`], { input: text });
    try {
      expect(() => execFileSync("promtool", ["check", "rules", broken], { stdio: "pipe" })).toThrow();
    } finally {
      execFileSync("rm", ["-f", broken]);
    }
  });

  it("covers each area the operators watch, and each alert has a runbook entry", () => {
    const titles = dashboard.panels.filter((p) => p.type === "row").map((p) => p.title);
    expect(titles).toEqual(["Publishing", "Inbox", "Triage", "Jobs", "Connectors", "HTTP"]);
    const rules = readFileSync(rulesPath, "utf8");
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);
    expect(alerts).toEqual(
      expect.arrayContaining([
        "SillagePublicationsFailing",
        "SillagePublishLatenessHigh",
        "SillageQueueLag",
        "SillageWebhookSignatureFailures",
        "SillageBreakerOpen",
        "SillageTokensExpiring",
        "SillageJobFailureRate",
        "SillageNoWorkerHeartbeat",
      ]),
    );
    const runbook = readFileSync(`${root}docs/operations.md`, "utf8");
    for (const a of alerts) expect(runbook, `runbook entry for ${a}`).toContain(`### ${a}`);
  });

  it("every metric the dashboard and the rules name exists in a real /metrics answer", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const have = exposed(text);
    const wanted = new Set([
      ...metricNames(readFileSync(rulesPath, "utf8")),
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => [...metricNames(t.expr)])),
    ]);
    expect(wanted.size).toBeGreaterThan(15);
    const missing = [...wanted].filter((n) => !have.has(n));
    expect(missing).toEqual([]);
  });
});

describe("/metrics tells the story with bounded labels", () => {
  it("records webhook verdicts, tRPC latency by procedure and the scrape-time gauges, with no ids in labels", async () => {
    const browser = await ApiSession.signup(server.url, { email: "ops-metrics@example.com" });
    ok(await browser.query("auth.me"));
    const bad = await fetch(`${server.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=00" },
      body: JSON.stringify({ object: "whatsapp_business_account", entry: [] }),
    });
    expect(bad.status).toBe(401);

    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/sillage_webhook_verdicts_total\{platform="whatsapp",verdict="bad_signature"\} [1-9]/);
    expect(text).toMatch(/sillage_trpc_duration_seconds_count\{procedure="auth\.me",type="query",code="ok"\} [1-9]/);
    for (const collector of ["queue", "connectors", "db_pool", "tokens"]) {
      expect(text).toContain(`sillage_collector_ok{collector="${collector}"} 1`);
    }
    expect(text).toMatch(/sillage_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toMatch(/sillage_breaker_channels\{platform="instagram",state="open"\} 0/);
    // Cardinality: no label value may carry an id (uuid) or an e-mail address.
    const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((m) => m[1]!);
    expect(labelValues.filter((v) => /[0-9a-f]{8}-[0-9a-f]{4}-|@/.test(v))).toEqual([]);
  });
});
