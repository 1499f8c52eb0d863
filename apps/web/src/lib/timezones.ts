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

/** Case-, accent- and apostrophe-insensitive match on the zone name ("sao" finds America/Sao_Paulo, "new york" New_York). */
export function zoneMatches(zone: string, query: string): boolean {
  const norm = (s: string) =>
    s
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/[_/\s-]+/g, " ")
      .trim();
  const q = norm(query);
  return !q || norm(zone).includes(q);
}

/** An offset rather than a name: what Intl gives for zones with no generic name (UTC, Etc/GMT+5). */
const OFFSET_ONLY = /^(?:GMT|UTC)(?:[+\-−]\d|$)/;

/**
 * A zone as the reader says it, in their language: "heure d’Europe centrale", "Atlantic Standard Time". Falls
 * back to the IANA id's city ("Sao Paulo", "UTC") when Intl has no name for it or does not know the id.
 */
export function zoneName(zone: string, locale: string, at = new Date()): string {
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" })
      // the date matters: a zone without daylight saving that year is named by its standard time
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    if (name && !OFFSET_ONLY.test(name)) return name;
  } catch {
    // an id this browser does not know: its city is the best we can show
  }
  return (zone.split("/").pop() ?? zone).replace(/_/g, " ");
}
