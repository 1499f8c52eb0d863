import { describe, expect, it } from "vitest";
import { cleanInput, cleanText, linkProblem, tokenSchema } from "../src";

describe("cleanInput", () => {
  it("replaces lone surrogates everywhere, keys included, and keeps paired ones", () => {
    const input = JSON.parse('{"name":"a\\ud83d","list":["\\ude00b","😀"],"deep":{"\\udbffkey":{"x":"\\ud800"}}}') as unknown;
    const { value, problems } = cleanInput(input);
    expect(problems).toEqual([]);
    expect(value).toEqual({ name: "a\ufffd", list: ["\ufffdb", "😀"], deep: { "\ufffdkey": { x: "\ufffd" } } });
  });

  it("reports the path of every NUL (capped), in values and keys", () => {
    const { problems } = cleanInput(JSON.parse('{"a":[1,"x\\u0000"],"b\\u0000":2,"c":{"d":"\\u0000"}}'));
    expect(problems).toEqual(expect.arrayContaining([{ path: ["a", 1], problem: "nul" }, { path: ["b\u0000"], problem: "nul" }, { path: ["c", "d"], problem: "nul" }]));
    expect(cleanInput(Array.from({ length: 1000 }, () => "\u0000")).problems).toHaveLength(20);
    expect(cleanInput("\u0000").problems).toEqual([{ path: [], problem: "nul" }]);
  });

  it("reports lists longer than the maximum without walking them", () => {
    const input = { ok: ["a", "b"], list: [{ phones: Array.from({ length: 11 }, () => "\u0000") }] };
    expect(cleanInput(input, { maxItems: 10 }).problems).toEqual([{ path: ["list", 0, "phones"], problem: "too_many_items" }]);
  });

  it("walks an input nested 100,000 deep without overflowing, and keeps __proto__ a plain key", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}"\\u0000"${"]".repeat(100_000)}`) as unknown;
    expect(cleanInput(deep).problems[0]!.path).toHaveLength(100_000);
    const tricky = JSON.parse('{"__proto__":"\\ud800","x":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    const { value } = cleanInput(tricky);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("\ufffd");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("cleanText", () => {
  it("drops NULs and replaces lone surrogates", () => {
    expect(cleanText("a\u0000b\ud800c😀")).toBe("ab\ufffdc😀");
  });
});

describe("tokenSchema", () => {
  it("accepts visible ASCII only", () => {
    const token = tokenSchema({ min: 5, max: 50 });
    expect(token.parse("  EAAG.abc-_/+=  ")).toBe("EAAG.abc-_/+=");
    for (const bad of ["EAAG😀abc", "EAAG abc", "EAAGé", "EAAG\tabc", "EAAG\u200babc"]) expect(token.safeParse(bad).success, bad).toBe(false);
  });
});

describe("linkProblem", () => {
  it("accepts public http(s) links", () => {
    for (const ok of ["https://cdn.example.com/a.jpg", "http://93.184.215.14/a.jpg", "https://[2a00:1450:4007:80e::200e]/a.jpg", "https://shop.fr./a.jpg"]) expect(linkProblem(ok), ok).toBeNull();
  });

  it("refuses loopback, private, link-local, reserved, mapped and local names, and other schemes", () => {
    const bad = [
      "http://127.0.0.1/",
      "http://127.1/",
      "http://2130706433/",
      "http://0x7f000001/",
      "http://10.1.2.3/",
      "http://172.31.255.255/",
      "http://192.168.0.1/",
      "http://169.254.169.254/",
      "http://100.64.0.1/",
      "http://0.0.0.0/",
      "http://255.255.255.255/",
      "http://224.0.0.1/",
      "http://192.0.2.1/",
      "http://[::]/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:8.8.8.8]/",
      "http://[::127.0.0.1]/",
      "http://[64:ff9b::7f00:1]/",
      "http://[2002:7f00:1::]/",
      "http://[fe80::1]/",
      "http://[fc00::1]/",
      "http://[fec0::1]/",
      "http://[ff02::1]/",
      "http://[2001:db8::1]/",
      "http://localhost/",
      "http://localhost.:8080/",
      "http://a.b.localhost/",
      "http://nas.local/",
      "http://db.internal/",
      "http://router.home.arpa/",
      "http://intranet/",
      "ftp://example.com/a.jpg",
      "file:///etc/passwd",
      "data:image/png;base64,AAAA",
      "not a link",
    ];
    for (const link of bad) expect(linkProblem(link), link).not.toBeNull();
  });
});
