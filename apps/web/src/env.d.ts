// Build-time settings Vite replaces in the bundle (`VITE_*` environment variables of `pnpm build`).
interface ImportMetaEnv {
  /** When set at build time, the SPA reports its errors (through the server's same-origin tunnel). */
  readonly VITE_SENTRY_DSN?: string;
  readonly VITE_SENTRY_RELEASE?: string;
  readonly VITE_SENTRY_ENVIRONMENT?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
