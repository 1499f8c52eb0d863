// @vitest-environment happy-dom
import { createMemoryHistory, createRootRoute, createRoute, createRouter, type AnyRouter } from "@tanstack/react-router";
import { describe, expect, it } from "vitest";
import { validateSearchRedirect } from "../src/lib/auth";
import { cleanAddressAfterValidation, cleanedSearch, noSearch } from "../src/lib/search";
import { commentsRoute } from "../src/routes/comments.route";
import { inboxRoute } from "../src/routes/inbox.route";
import { settingsChannelsRoute } from "../src/routes/settings-channels.route";
import { scheduleRoute } from "../src/routes/schedule.route";

const ID = "3f2b8c1e-9d4a-4e6b-8f7c-2a1b3c4d5e6f";

/** The app's validators in a router of their own: what a page reads is the router's merge of every route's result. */
async function landOn(href: string, { clean = true } = {}): Promise<{ router: AnyRouter; search: Record<string, unknown> }> {
  const root = createRootRoute();
  const routes = [
    createRoute({ getParentRoute: () => root, path: "/inbox", validateSearch: inboxRoute.options.validateSearch }),
    createRoute({ getParentRoute: () => root, path: "/comments", validateSearch: commentsRoute.options.validateSearch }),
    createRoute({ getParentRoute: () => root, path: "/settings/channels", validateSearch: settingsChannelsRoute.options.validateSearch }),
    createRoute({ getParentRoute: () => root, path: "/schedule", validateSearch: scheduleRoute.options.validateSearch }),
    createRoute({ getParentRoute: () => root, path: "/login", validateSearch: validateSearchRedirect }),
  ];
  const router = createRouter({ routeTree: root.addChildren(routes), history: createMemoryHistory({ initialEntries: [href] }) });
  if (clean) cleanAddressAfterValidation(router);
  await router.load();
  // The clean-up is a second (replacing) navigation.
  await new Promise((r) => setTimeout(r, 20));
  await router.load();
  return { router, search: router.state.matches.at(-1)!.search as Record<string, unknown> };
}

describe("search params of every route go through zod", () => {
  it("drops a malformed conversation id, from what the page reads and from the address", async () => {
    // What the page reads on its first render, before the address is cleaned.
    expect((await landOn("/inbox?c=garbage", { clean: false })).search.c).toBeUndefined();
    const { router, search } = await landOn("/inbox?c=garbage");
    expect(search.c).toBeUndefined();
    expect(router.state.location.href).toBe("/inbox");
  });

  it("keeps a well-formed id (the page says whether it exists) and drops keys no route knows", async () => {
    const { router, search } = await landOn(`/inbox?c=${ID}&utm_source=x`);
    expect(search.c).toBe(ID);
    expect(router.state.location.search).toEqual({ c: ID });
  });

  it("drops a value of the wrong type, and only that key", async () => {
    const { search } = await landOn("/comments?p=12");
    expect(search.p).toBeUndefined();
    const channels = await landOn(`/settings/channels?connected=${ID}&error=${"x".repeat(600)}`);
    expect(channels.search).toMatchObject({ connected: ID });
    expect(channels.search.error).toBeUndefined();
    const login = await landOn("/login?redirect=%2Finbox");
    expect(login.search.redirect).toBe("/inbox");
  });

  it("leaves a page without search params with a clean address", async () => {
    const { router } = await landOn("/schedule?view=garbage");
    expect(router.state.location.href).toBe("/schedule");
    expect(noSearch({ anything: 1 })).toEqual({});
  });

  it("says an address is already clean when it carries just what was validated", () => {
    expect(cleanedSearch({ c: ID }, { c: ID })).toBeNull();
    expect(cleanedSearch({ c: "x" }, { c: undefined })).toEqual({});
  });
});
