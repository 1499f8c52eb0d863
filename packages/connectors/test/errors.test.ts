import { describe, expect, it } from "vitest";
import { classifyGraphError, platformErrorFromGraph, type ErrorKind, type GraphErrorBody } from "../src/errors";

// The contract's table: code / subcode / is_transient → kind. The HTTP status never matters.
const table: Array<[string, GraphErrorBody, ErrorKind, boolean]> = [
  ["1 unknown transient", { code: 1 }, "retryable", true],
  ["2 service", { code: 2, is_transient: true }, "retryable", true],
  ["4 app calls", { code: 4 }, "rate_limited", true],
  ["17 user calls", { code: 17 }, "rate_limited", true],
  ["32 page calls", { code: 32 }, "rate_limited", true],
  ["613 custom", { code: 613 }, "rate_limited", true],
  ["341 app limit", { code: 341 }, "rate_limited", true],
  ["80002 IG BUC", { code: 80002 }, "rate_limited", true],
  ["80006 messenger BUC", { code: 80006 }, "rate_limited", true],
  ["80008 WABM BUC", { code: 80008 }, "rate_limited", true],
  ["130429 throughput", { code: 130429 }, "rate_limited", true],
  ["131056 pair rate", { code: 131056 }, "rate_limited", true],
  ["9007/2207027 not ready", { code: 9007, error_subcode: 2207027, is_transient: false }, "retryable", true],
  ["190 no subcode", { code: 190 }, "auth_expired", false],
  ["190/458 app removed", { code: 190, error_subcode: 458 }, "auth_expired", false],
  ["190/460 password", { code: 190, error_subcode: 460 }, "auth_expired", false],
  ["190/463 expired", { code: 190, error_subcode: 463 }, "auth_expired", false],
  ["190/467 invalid", { code: 190, error_subcode: 467 }, "auth_expired", false],
  ["102 session", { code: 102 }, "auth_expired", false],
  ["10 permission", { code: 10 }, "permission", false],
  ["200 permission", { code: 200 }, "permission", false],
  ["299 permission", { code: 299 }, "permission", false],
  ["100 invalid", { code: 100 }, "invalid_input", false],
  ["100/33 not found", { code: 100, error_subcode: 33 }, "not_found", false],
  ["368 policy", { code: 368 }, "policy", false],
  ["9/2207042 quota", { code: 9, error_subcode: 2207042 }, "quota", true],
  ["10/2534022 IG window", { code: 10, error_subcode: 2534022 }, "window_closed", false],
  ["131047 WA window", { code: 131047 }, "window_closed", false],
  ["506 duplicate", { code: 506 }, "duplicate", false],
  ["2207052 fetch", { code: 9004, error_subcode: 2207052 }, "retryable", true],
  ["2207003 timeout", { code: 9004, error_subcode: 2207003 }, "retryable", true],
  ["2207082 upload", { code: 9004, error_subcode: 2207082 }, "retryable", true],
  ["2207010 caption", { code: 100, error_subcode: 2207010 }, "invalid_input", false],
  ["2207004 too large", { code: 9004, error_subcode: 2207004 }, "invalid_media", false],
  ["2207005 format", { code: 9004, error_subcode: 2207005 }, "invalid_media", false],
  ["2207026 video", { code: 9004, error_subcode: 2207026 }, "invalid_media", false],
  ["2207009 aspect", { code: 9004, error_subcode: 2207009 }, "invalid_media", false],
  ["131026 undeliverable", { code: 131026 }, "undeliverable", false],
  ["132001 template", { code: 132001 }, "invalid_input", false],
  ["unknown + is_transient", { code: 987654, is_transient: true }, "retryable", true],
  ["unknown", { code: 987654 }, "unknown", false],
];

describe("error classification", () => {
  it.each(table)("%s", (_name, body, kind, retryable) => {
    const c = classifyGraphError(body, "instagram");
    expect(c.kind).toBe(kind);
    expect(c.retryable).toBe(retryable);
    expect(c.userMessage.length).toBeGreaterThan(10);
  });

  it("ignores the HTTP status", () => {
    const a = platformErrorFromGraph({ code: 100 }, { httpStatus: 500 });
    const b = platformErrorFromGraph({ code: 2, is_transient: true }, { httpStatus: 400 });
    expect(a.kind).toBe("invalid_input");
    expect(b.kind).toBe("retryable");
  });

  it("gives actionable user messages", () => {
    expect(classifyGraphError({ code: 190, error_subcode: 463 }, "instagram").userMessage).toContain("Reconnect the Instagram account");
    expect(classifyGraphError({ code: 100, error_subcode: 2207010 }, "instagram").userMessage).toContain("Caption longer than 2,200 characters");
    expect(classifyGraphError({ code: 131047 }, "whatsapp").userMessage).toBe(
      "More than 24 hours since the customer's last message: send an approved template.",
    );
  });

  it("carries code, subcode, fbtrace and a retryAfter for rate limits", () => {
    const e = platformErrorFromGraph(
      { code: 80002, error_subcode: undefined, fbtrace_id: "Abc", message: "limit" },
      { platform: "instagram", retryAfterMs: 300_000 },
    );
    expect(e).toMatchObject({ kind: "rate_limited", code: 80002, fbtraceId: "Abc", retryAfterMs: 300_000, retryable: true });
    const d = platformErrorFromGraph({ code: 4 }, {});
    expect(d.retryAfterMs).toBeGreaterThan(0);
    expect(platformErrorFromGraph({ code: 100 }).retryAfterMs).toBeUndefined();
  });
});
