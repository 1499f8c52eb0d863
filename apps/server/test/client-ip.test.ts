import { describe, expect, it } from "vitest";
import { clientIp } from "../src/http/request-context";

const request = (forwardedFor: string | undefined) => ({
  env: { incoming: { socket: { remoteAddress: "10.0.0.2" } } } as never,
  req: { header: (n: string) => (n === "x-forwarded-for" ? forwardedFor : undefined) },
});

describe("clientIp", () => {
  it("takes the socket's address unless told a proxy is in front", () => {
    expect(clientIp(request("203.0.113.9"), false)).toBe("10.0.0.2");
  });

  it("behind a proxy, takes the address the proxy appended, not one the client forged before it", () => {
    expect(clientIp(request("1.2.3.4, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(clientIp(request(undefined), true)).toBe("10.0.0.2");
  });
});
