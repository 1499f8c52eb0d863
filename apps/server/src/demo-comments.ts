// Demo mode's comments: a few posts on the sandbox Instagram account, and demo customers commenting on the account's
// posts younger than 7 days now and then (and replying to each other), through the in-process fake — which sends the
// signed `comments` webhook like Meta, and lists them to polling too.
import { DEMO_CUSTOMERS, type FakeGraph } from "@sillage/fake-graph";

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

const DEMO_POSTS = [
  { caption: "Nouvelle collection automne 🍂 Disponible en boutique et en ligne.", ageMs: 26 * HOUR },
  { caption: "Atelier couture samedi 14 h — places limitées, réservez en message !", ageMs: 5 * HOUR },
  { caption: "Les petits prix de la semaine : -20 % sur les écharpes.", ageMs: 40 * 60_000 },
];

const COMMENTS = [
  "Trop beau 😍",
  "C'est disponible en 38 ?",
  "Quel est le prix ?",
  "Vous livrez en Belgique ?",
  "Love it! Do you ship to the UK?",
  "Il reste des places pour l'atelier ?",
  "J'ai commandé la semaine dernière, toujours rien reçu…",
  "Magnifique 👏",
];
const REPLIES = ["Pareil, je veux savoir !", "+1", "Moi aussi 🙋‍♀️"];

/** The demo's posts (a day, a few hours and minutes old), with a first comment each; idempotent on captions. */
export function seedDemoPosts(fake: FakeGraph, igUserId: string, now = Date.now()): void {
  const existing = new Set(fake.control.published({ igUserId }).map((m) => m.caption));
  DEMO_POSTS.forEach((p, i) => {
    if (existing.has(p.caption)) return;
    const media = fake.control.seedInstagramMedia({ igUserId, caption: p.caption, timestamp: now - p.ageMs });
    const customer = DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length]!;
    // History from before the server started: polling stores it (not triaged: a backlog).
    fake.control.customerComment({ mediaId: media.id, from: customer.igsid, username: customer.username, text: COMMENTS[i]!, at: now - p.ageMs / 2, silent: true });
  });
}

/** The post a simulated comment goes to: the account's newest one younger than 7 days (made when there is none). */
export function demoCommentTarget(fake: FakeGraph, igUserId: string, now = Date.now()): string {
  const recent = fake.control
    .published({ igUserId })
    .filter((m) => m.at > now - WEEK)
    .sort((a, b) => b.at - a.at);
  return recent[0]?.mediaId ?? fake.control.seedInstagramMedia({ igUserId, caption: DEMO_POSTS[2]!.caption }).id;
}

/**
 * Every `everyMs` (± half), a demo customer comments on one of the account's recent posts, or replies under a comment
 * there. Returns the stop function (shutdown).
 */
export function startDemoCommenters(fake: FakeGraph, opts: { everyMs?: number; random?: () => number } = {}): () => void {
  const every = opts.everyMs ?? 3 * 60_000;
  const random = opts.random ?? Math.random;
  let turn = 0;
  let timer: NodeJS.Timeout | undefined;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const once = () => {
    const now = Date.now();
    const recent = fake.control.published().filter((m) => m.at > now - WEEK);
    if (!recent.length) return;
    const media = pick(recent);
    const customer = DEMO_CUSTOMERS[turn++ % DEMO_CUSTOMERS.length]!;
    const topLevel = fake.control.comments({ mediaId: media.mediaId }).filter((c) => !c.parentId && !c.deleted && !c.own);
    if (topLevel.length && random() < 0.25) {
      const parent = pick(topLevel);
      fake.control.customerComment({ mediaId: media.mediaId, from: customer.igsid, username: customer.username, text: pick(REPLIES), parentId: parent.id });
    } else {
      fake.control.customerComment({ mediaId: media.mediaId, from: customer.igsid, username: customer.username, text: pick(COMMENTS) });
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      try {
        once();
      } finally {
        schedule();
      }
    }, every / 2 + random() * every);
    timer.unref();
  };
  schedule();
  return () => clearTimeout(timer);
}
