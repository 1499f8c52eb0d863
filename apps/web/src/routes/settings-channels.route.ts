import { createRoute } from "@tanstack/react-router";
import * as z from "zod/mini";
import { searchId, searchOf } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

/** Set by the Instagram Login callback: the channel just connected, or why it failed (the server's words). */
const validateChannelsSearch = searchOf({
  connected: searchId,
  error: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
});
export type ChannelsSearch = ReturnType<typeof validateChannelsSearch>;

export const settingsChannelsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/channels",
  validateSearch: validateChannelsSearch,
  loader: () => loadAreas(PAGE_AREAS.settingsChannels),
}).lazy(() => import("./settings-channels").then((m) => m.Route));
