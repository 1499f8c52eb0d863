import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { sillageAssets } from "./build/assets";

// In dev the SPA talks to the Sillage server through this proxy (same origin, so the session cookie and the
// CSRF origin check just work). Point it elsewhere with SILLAGE_API_URL=http://127.0.0.1:3100.
const apiUrl = process.env.SILLAGE_API_URL ?? "http://127.0.0.1:3000";
const proxied = ["/trpc", "/media", "/webhooks", "/healthz", "/readyz", "/oauth"];

export default defineConfig({
  plugins: [react(), sillageAssets()],
  base: "/",
  server: {
    proxy: Object.fromEntries(
      proxied.map((prefix) => [prefix, { target: apiUrl, changeOrigin: false, ws: false }]),
    ),
  },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    // Maps are written for error reports but not named in the JavaScript; the server serves them only when
    // SILLAGE_PUBLIC_SOURCE_MAPS=1.
    sourcemap: "hidden",
  },
});
