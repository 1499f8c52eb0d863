// `pnpm docs:api`: regenerates docs/api.md from the tRPC routers.
import { writeFileSync } from "node:fs";
import { renderApiDoc } from "@sillage/api";

writeFileSync(new URL("../docs/api.md", import.meta.url), renderApiDoc());
console.log("docs/api.md written");
