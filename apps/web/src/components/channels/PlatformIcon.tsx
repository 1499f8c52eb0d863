import type { Platform } from "./types";

/** The platform's mark on its brand colour (decorative: the label next to it names the platform). */
export function PlatformIcon({ platform, size = 40 }: { platform: Platform; size?: number }) {
  return (
    <span className={`platform-icon platform-icon--${platform}`} style={{ width: size, height: size }} aria-hidden="true">
      <svg width={size * 0.6} height={size * 0.6} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" focusable="false">
        {platform === "instagram" ? (
          <>
            <rect x="3" y="3" width="18" height="18" rx="5" />
            <circle cx="12" cy="12" r="4" />
            <circle cx="17.3" cy="6.7" r="0.6" fill="currentColor" />
          </>
        ) : (
          <>
            <path d="M3.5 20.5l1.3-4.2A8.5 8.5 0 1 1 8 19.4z" />
            <path d="M9 8.6c0 3.3 3 6.4 6.4 6.4l1.1-1.5-1.9-1-1 .8a4.6 4.6 0 0 1-2.9-2.9l.8-1-1-1.9z" fill="currentColor" strokeWidth={1} />
          </>
        )}
      </svg>
    </span>
  );
}

/** Small line icons used on this page only. */
const glyphs = {
  alert: "M12 9v4M12 17h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z",
  refresh: "M21 12a9 9 0 1 1-2.6-6.4M21 3v6h-6",
  link: "M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7",
  arrowLeft: "M19 12H5M12 19l-7-7 7-7",
  arrowRight: "M5 12h14M12 5l7 7-7 7",
  check: "M20 6 9 17l-5-5",
  close: "M18 6 6 18M6 6l12 12",
  clock: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 6v6l4 2",
  pulse: "M22 12h-4l-3 9L9 3l-3 9H2",
  gauge: "M12 14l4-4M3.3 19a10 10 0 1 1 17.4 0",
  plug: "M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0zM12 18v4",
} as const;

export type GlyphName = keyof typeof glyphs;

export function Glyph({ name, size = 16 }: { name: GlyphName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={glyphs[name]} />
    </svg>
  );
}
