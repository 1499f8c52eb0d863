import { createTRPCRouter } from "../trpc";
import { topicsProcedures } from "./topics";

/** Analytics: topics (and KPIs, merged from their own branch). */
export const analyticsRouter = createTRPCRouter({
  ...topicsProcedures,
});
