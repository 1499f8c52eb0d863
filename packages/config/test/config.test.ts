import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "sillage-config-"));

describe("loadConfig", () => {
  it("defaults for a fresh machine, with a development secret generated once and kept", () => {
    const dir = tmp();
    const c = loadConfig({}, dir);
    expect(c).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", SILLAGE_ROLE: "all", APP_URL: "http://localhost:3000", META_GRAPH_VERSION: "v25.0" });
    expect(c.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, ".data/app-secret"), "utf8")).toBe(c.APP_SECRET);
    expect(loadConfig({}, dir).APP_SECRET).toBe(c.APP_SECRET);
  });
  it("names each bad variable", () => {
    expect(() => loadConfig({ PORT: "abc", SILLAGE_ROLE: "both", META_GRAPH_VERSION: "25" }, tmp())).toThrow(
      /PORT[\s\S]*SILLAGE_ROLE[\s\S]*META_GRAPH_VERSION/,
    );
  });
  it("refuses production without APP_SECRET, naming it", () => {
    expect(() => loadConfig({ NODE_ENV: "production" }, tmp())).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" }, tmp())).toThrow(/APP_SECRET/);
    expect(loadConfig({ NODE_ENV: "production", APP_SECRET: "s".repeat(32) }, tmp()).APP_SECRET).toBe("s".repeat(32));
  });
  it("post image hosts (the CSP's img-src): Instagram's CDN by default, https origins only", () => {
    expect(loadConfig({}, tmp()).POST_IMAGE_HOSTS).toEqual(["https://*.cdninstagram.com", "https://*.fbcdn.net"]);
    expect(loadConfig({ POST_IMAGE_HOSTS: "https://cdn.example.com, https://*.example.org" }, tmp()).POST_IMAGE_HOSTS).toEqual(["https://cdn.example.com", "https://*.example.org"]);
    for (const bad of ["*", "http://cdn.example.com", "https://*", "https://cdn.example.com/path", "https: 'unsafe-inline'"]) {
      expect(() => loadConfig({ POST_IMAGE_HOSTS: bad }, tmp())).toThrow(/POST_IMAGE_HOSTS/);
    }
  });
});
