import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export interface ChannelsSearch {
  /** Set by the Instagram Login callback: the channel just connected… */
  connected?: string;
  /** …or why it failed (the server's words). */
  error?: string;
}

function validateChannelsSearch(search: Record<string, unknown>): ChannelsSearch {
  const out: ChannelsSearch = {};
  if (typeof search.connected === "string" && search.connected) out.connected = search.connected;
  if (typeof search.error === "string" && search.error) out.error = search.error.slice(0, 500);
  return out;
}

export const settingsChannelsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/channels",
  validateSearch: validateChannelsSearch,
}).lazy(() => import("./settings-channels").then((m) => m.Route));
