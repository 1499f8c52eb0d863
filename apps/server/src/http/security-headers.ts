import { secureHeaders } from "hono/secure-headers";

/**
 * Security headers on every response (SPA, API, webhooks, media). The SPA is one built bundle with no inline script
 * and shows only its own files and signed `/media` links (on APP_URL, normally this same origin), so the policy
 * allows nothing else. React sets style attributes through the CSSOM, which `style-src` does not govern
 * (e2e/tests/security-headers.e2e.test.ts checks the SPA runs with no violation in Chromium).
 */
export function securityHeaders(appUrl: string, opts: { imageHosts?: readonly string[] } = {}) {
  const appOrigin = new URL(appUrl).origin;
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      // data: for the icons inlined in the style sheet; the configured hosts (POST_IMAGE_HOSTS: Instagram's CDN) for
      // the thumbnails of followed posts, which Graph serves as CDN URLs.
      imgSrc: ["'self'", "data:", appOrigin, ...(opts.imageHosts ?? [])],
      mediaSrc: ["'self'", appOrigin],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    xFrameOptions: "DENY",
    // Other sites get our origin only (never a path such as an invitation link); our own requests keep their
    // Referer, which the CSRF check falls back on when a browser sends no Origin.
    referrerPolicy: "strict-origin-when-cross-origin",
    // Only features Chromium knows: an unknown one ("bluetooth") costs a console warning on every page.
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      hid: [],
      displayCapture: [],
      browsingTopics: [],
    },
    // Only when the app's own URL is https: pinning HTTPS for the host and its subdomains follows that choice.
    strictTransportSecurity: appUrl.startsWith("https://") ? "max-age=31536000; includeSubDomains" : false,
  });
}
