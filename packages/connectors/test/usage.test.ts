import { describe, expect, it } from "vitest";
import { parseUsageHeaders, usageAdvice } from "../src/graph/usage";

describe("usage headers", () => {
  const now = new Date("2026-03-01T10:00:00Z");

  it("parses X-App-Usage and X-Business-Use-Case-Usage", () => {
    const u = parseUsageHeaders(
      new Headers({
        "X-App-Usage": '{"call_count":28,"total_cputime":25,"total_time":25}',
        "X-Business-Use-Case-Usage":
          '{"17841405793187218":[{"type":"instagram","call_count":12,"total_cputime":3,"total_time":4,"estimated_time_to_regain_access":0}]}',
      }),
      now,
    );
    expect(u).toEqual({
      app: { callCount: 28, totalCputime: 25, totalTime: 25 },
      business: [
        {
          businessId: "17841405793187218",
          type: "instagram",
          callCount: 12,
          totalCputime: 3,
          totalTime: 4,
          estimatedTimeToRegainAccessMin: 0,
        },
      ],
      maxPercent: 28,
      regainAccessMs: null,
      observedAt: now.toISOString(),
    });
    expect(usageAdvice(u)).toBe("ok");
  });

  it("derives the wait from estimated_time_to_regain_access (minutes)", () => {
    const u = parseUsageHeaders(
      {
        "x-business-use-case-usage":
          '{"1":[{"type":"whatsapp","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":5}]}',
      },
      now,
    );
    expect(u?.regainAccessMs).toBe(300_000);
    expect(u?.maxPercent).toBe(100);
    expect(usageAdvice(u)).toBe("stop");
  });

  it("is null without headers and tolerates garbage", () => {
    expect(parseUsageHeaders(new Headers(), now)).toBeNull();
    expect(parseUsageHeaders({ "x-app-usage": "not json" }, now)).toBeNull();
    const u = parseUsageHeaders({ "x-app-usage": '{"call_count":"80"}', "x-business-use-case-usage": '{"1":[42]}' }, now);
    expect(u?.maxPercent).toBe(80);
    expect(u?.business).toEqual([]);
    expect(usageAdvice(u)).toBe("slow");
  });
});
