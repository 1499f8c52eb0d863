import { randomBytes } from "node:crypto";

// Meta ids are numeric strings; we keep per-kind prefixes so a glance at an id tells what it is
// (1784… is the real prefix of IG professional account ids; 1790… IG media/containers; 1800… comments).
let counter = 0;
function seq(): string {
  counter = (counter + 1) % 1_000_000;
  return String(counter).padStart(6, "0");
}
function digits(n: number): string {
  let s = "";
  for (const b of randomBytes(n)) s += String(b % 10);
  return s;
}

export const ids = {
  igUser: () => `17841${digits(6)}${seq()}`,
  appScoped: () => `10${digits(8)}${seq()}`, // 16 digits starting with 10: stays a safe JS integer
  page: () => `1060${digits(7)}${seq()}`,
  waba: () => `1022${digits(5)}${seq()}`,
  phoneNumber: () => `1065${digits(5)}${seq()}`,
  waMedia: () => `1003${digits(6)}${seq()}`,
  container: () => `17900${digits(6)}${seq()}`,
  igMedia: () => `18050${digits(6)}${seq()}`,
  comment: () => `17867${digits(6)}${seq()}`,
  template: () => `5941${digits(6)}${seq()}`,
  igsid: () => `9${digits(9)}${seq()}`,
  wamid: () =>
    `wamid.${Buffer.from(`HBgL${digits(11)}FQIAERgS${randomBytes(9).toString("hex").toUpperCase()}`).toString("base64")}`,
  igMid: (igUserId: string) =>
    Buffer.from(`ig_message_item:1:IGMessageThread:${igUserId}:${digits(20)}${seq()}`)
      .toString("base64")
      .replace(/=+$/, ""),
  shortcode: () =>
    randomBytes(8)
      .toString("base64")
      .replace(/[^A-Za-z0-9]/g, "x")
      .slice(0, 11),
  fbtrace: () => randomBytes(8).toString("base64").replace(/[^A-Za-z0-9]/g, "A").slice(0, 11),
  token: (prefix: string) => `${prefix}${randomBytes(36).toString("base64").replace(/[^A-Za-z0-9]/g, "Z")}`,
  code: () => randomBytes(24).toString("hex"),
  hex: (n: number) => randomBytes(n).toString("hex"),
};
