// The fake Graph API in its own process (the bench's worker must not share a CPU with it), seeded in-process (a
// million comments through HTTP would take longer than the cycle): `accounts` Instagram accounts, `posts` media each
// (spread over the last 7 days), `comments` comments per media. Prints its URL, then one JSON line per account
// ({ igUserId, token }) and per media ({ a: igUserId, m: mediaId, c: [comment ids newest first], t: newest ms }),
// then "ready". Runs until stdin closes. Loopback only.
import { startFakeGraph } from "@sillage/fake-graph";

const [accounts = "50", posts = "200", comments = "100"] = process.argv.slice(2);
const fake = await startFakeGraph({ port: 0, host: "127.0.0.1" });
process.stdout.write(`${fake.url}\n`);
const now = Date.now();
const WEEK = 7 * 86_400_000;
const out: string[] = [];
for (let a = 0; a < Number(accounts); a++) {
  const acc = fake.control.createInstagramAccount({ variant: "instagram", username: `bench_${a}` });
  out.push(JSON.stringify({ igUserId: acc.igUserId, token: acc.token }));
  const n = Number(posts);
  for (let p = 0; p < n; p++) {
    // Oldest first, so the account's media list is newest first like Meta's; all younger than 7 days (minus an hour).
    const publishedAt = now - WEEK + 3_600_000 + Math.floor(((WEEK - 2 * 3_600_000) * p) / n);
    const media = fake.control.seedInstagramMedia({ igUserId: acc.igUserId, caption: `post ${a}/${p}`, timestamp: publishedAt });
    const ids: string[] = [];
    const count = Number(comments);
    for (let c = 0; c < count; c++) {
      // Whole seconds: Graph prints comment times to the second.
      const at = Math.floor((publishedAt + 60_000 + c * Math.floor((now - publishedAt - 120_000) / count)) / 1000) * 1000;
      ids.push(fake.control.customerComment({ mediaId: media.id, from: `178000${a}${p}${c}`, username: `fan_${c}`, text: `comment ${c}`, at, silent: true }).id);
    }
    const newestAt = Math.floor((publishedAt + 60_000 + (count - 1) * Math.floor((now - publishedAt - 120_000) / count)) / 1000) * 1000;
    out.push(JSON.stringify({ a: acc.igUserId, m: media.id, c: ids.reverse(), t: newestAt, b: publishedAt + 60_000, s: Math.floor((now - publishedAt - 120_000) / count) }));
    if (out.length > 500) process.stdout.write(out.splice(0).join("\n") + "\n");
  }
}
process.stdout.write(out.join("\n") + "\nready\n");
process.stdin.resume();
process.stdin.on("end", () => {
  void fake.close().then(() => process.exit(0));
});
