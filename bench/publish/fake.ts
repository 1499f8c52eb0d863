// The fake Graph API in its own process (the bench's worker must not share a CPU with it): prints its URL, runs
// until stdin closes. Loopback only.
import { startFakeGraph } from "@sillage/fake-graph";

const fake = await startFakeGraph({ port: 0, host: "127.0.0.1", containerPollsInProgress: 0, publishQuota: 1_000_000 });
process.stdout.write(`${fake.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void fake.close().then(() => process.exit(0));
});
