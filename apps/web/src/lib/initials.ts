/** A person's initials for an avatar: the first letters of their first two names ("Lou Bernard" → "LB"), or "?". */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase() ?? "")
      .join("") || "?"
  );
}
