export const planLimits = {
  seriesLimitRefused: "Not published: this month's posts on your plan are used up. Move to a higher plan, then retry it.",
};
