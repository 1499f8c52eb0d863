// The demo's customers: real-looking French and English people, each reachable on WhatsApp (a fictional number:
// ARCEP's 06 39 98 range, Ofcom's 07700 900 range) and on Instagram (an IGSID, the id Meta's webhooks carry).

export interface DemoCustomer {
  /** WhatsApp profile name (webhook `contacts[].profile.name`). */
  name: string;
  /** Instagram `name`: null when the person left it empty, as Meta allows. */
  instagramName: string | null;
  username: string;
  igsid: string;
  waId: string;
  /** Background of the profile picture; null: no picture (`profile_pic` null). */
  avatarColour: string | null;
  followerCount: number;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { name: "Camille Laurent", instagramName: "Camille Laurent", username: "camille.lrt", igsid: "9281736450021837", waId: "33639980012", avatarColour: "#c2410c", followerCount: 812 },
  { name: "Thomas Girard", instagramName: "Thomas Girard", username: "tomgirard_", igsid: "9357102846600418", waId: "33639980027", avatarColour: "#1d4ed8", followerCount: 243 },
  { name: "Léa Moreau", instagramName: "Léa Moreau 🌿", username: "lea.moreau.paris", igsid: "9410295837711065", waId: "33639980035", avatarColour: "#15803d", followerCount: 2190 },
  { name: "Emily Carter", instagramName: "Emily Carter", username: "emilycarter.ldn", igsid: "9523648107732290", waId: "447700900418", avatarColour: "#7e22ce", followerCount: 1534 },
  { name: "Inès Benali", instagramName: "Inès B.", username: "ines.bnl", igsid: "9634017258840173", waId: "33639980049", avatarColour: "#be185d", followerCount: 97 },
  { name: "James Whitaker", instagramName: "James Whitaker", username: "jwhitaker_", igsid: "9745106382295514", waId: "447700900562", avatarColour: null, followerCount: 58 },
  { name: "Hugo Petit", instagramName: null, username: "hugo_ptt", igsid: "9856273019946602", waId: "33639980051", avatarColour: "#0f766e", followerCount: 431 },
  { name: "Chloé Dubois", instagramName: "Chloé Dubois", username: "chloe.dbs", igsid: "9967384120057731", waId: "33639980068", avatarColour: "#b45309", followerCount: 3020 },
];

/** A stable demo name for any WhatsApp number (the same sender keeps the same name). */
export function demoNameFor(waId: string): string {
  const known = DEMO_CUSTOMERS.find((c) => c.waId === waId);
  if (known) return known.name;
  let h = 0;
  for (const ch of waId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return DEMO_CUSTOMERS[h % DEMO_CUSTOMERS.length]!.name;
}
