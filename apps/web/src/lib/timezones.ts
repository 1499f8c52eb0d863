export const DEFAULT_TIME_ZONE = "Europe/Paris";

let cached: string[] | null = null;

/** IANA zones the browser knows, as the server accepts them (Region/City, or UTC). */
export function timeZones(): string[] {
  if (cached) return cached;
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const set = new Set(zones.filter((z) => z.includes("/") || z === "UTC"));
  set.add("UTC");
  set.add(DEFAULT_TIME_ZONE);
  cached = [...set].sort((a, b) => a.localeCompare(b));
  return cached;
}

/** "UTC+02:00" right now in that zone, to help pick the right one. */
export function currentOffset(zone: string, at = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    const value = part?.value ?? "";
    return value === "GMT" ? "UTC+00:00" : value.replace("GMT", "UTC");
  } catch {
    return "";
  }
}

/** Case- and accent-insensitive match on the zone name ("sao" finds America/Sao_Paulo, "new york" New_York). */
export function zoneMatches(zone: string, query: string): boolean {
  const norm = (s: string) =>
    s
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .toLowerCase()
      .replace(/[_/\s-]+/g, " ")
      .trim();
  const q = norm(query);
  return !q || norm(zone).includes(q);
}
