/** What every bench's command line shares: `--name value` options and the percentiles it prints. */

/** `--workspaces 50 --calls 2000` → { workspaces: "50", calls: "2000" }. */
export function benchArgs(): Record<string, string> {
  return Object.fromEntries(
    process.argv
      .slice(2)
      .join(" ")
      .split("--")
      .filter(Boolean)
      .map((a) => a.trim().split(/\s+/) as [string, string]),
  );
}

/** The p-th percentile, rounded to 0.01; null when nothing was measured. */
export function pct(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100;
}
