// The fake Graph API in its own process (the bench's worker must not share a CPU with it): prints its URL, runs
// until stdin closes. Loopback only. Arguments: container status reads answered IN_PROGRESS, container processing ms.
import { startFakeGraph } from "@sillage/fake-graph";

const [polls = "1", processingMs = "0"] = process.argv.slice(2);
const fake = await startFakeGraph({
  port: 0,
  host: "127.0.0.1",
  containerPollsInProgress: Number(polls),
  containerProcessingMs: Number(processingMs),
  publishQuota: 1_000_000,
});
process.stdout.write(`${fake.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void fake.close().then(() => process.exit(0));
});
