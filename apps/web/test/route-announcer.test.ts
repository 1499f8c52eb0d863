// @vitest-environment happy-dom
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider, type AnyRouter } from "@tanstack/react-router";
import { act, createElement as h, useEffect } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { RouteAnnouncer } from "../src/components/RouteAnnouncer";
import { searchOf } from "../src/lib/search";
import { searchId } from "../src/lib/search";

// React's act() outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A page as the app's: a main landmark, its h1, and the tab's title set by an effect (PageHeader's useDocumentTitle). */
function page(title: string, extra?: () => ReturnType<typeof h>) {
  return function Page() {
    useEffect(() => {
      document.title = `${title} · Sillage`;
    }, []);
    return h("main", null, h("h1", null, title), extra?.());
  };
}

function makeRouter(): AnyRouter {
  const root = createRootRoute({ component: () => h("div", null, h("nav", null, h("a", { href: "/b", id: "nav-b" }, "B")), h(Outlet), h(RouteAnnouncer)) });
  const a = createRoute({ getParentRoute: () => root, path: "/a", component: page("Planning") });
  const b = createRoute({ getParentRoute: () => root, path: "/b", validateSearch: searchOf({ c: searchId }), component: page("Messagerie") });
  // A page that focuses its own field (a sign-in form): it keeps it.
  const form = createRoute({ getParentRoute: () => root, path: "/form", component: page("Connexion", () => h("input", { name: "email", autoFocus: true })) });
  return createRouter({ routeTree: root.addChildren([a, b, form]), history: createMemoryHistory({ initialEntries: ["/a"] }) });
}

let mounted: { root: Root; container: HTMLElement } | null = null;
async function render(router: AnyRouter) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(h(RouterProvider, { router }));
  });
  await act(() => router.load());
  mounted = { root, container };
}
afterEach(() => {
  mounted?.root.unmount();
  mounted?.container.remove();
  mounted = null;
  document.title = "";
});

// The app's Register types `to` with its own routes: these test routes go by href.
const go = (router: AnyRouter, href: string) => router.navigate({ href } as never);
const announced = () => document.querySelector('[data-testid="route-announcer"]')?.textContent ?? "";
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 50)));

describe("after a change of page", () => {
  it("focuses the new page's main heading and announces its title, but not on the first load", async () => {
    const router = makeRouter();
    await render(router);
    await settle();
    expect(document.activeElement).toBe(document.body);
    expect(announced()).toBe("");
    expect(document.querySelector('[data-testid="route-announcer"]')?.getAttribute("aria-live")).toBe("polite");

    // The sidebar link was clicked: the focus sits on it until the navigation.
    document.querySelector<HTMLElement>("#nav-b")!.focus();
    await act(() => go(router, "/b"));
    await settle();
    expect(document.activeElement?.tagName).toBe("H1");
    expect(document.activeElement?.textContent).toBe("Messagerie");
    // A target of the script, not a Tab stop.
    expect(document.activeElement?.getAttribute("tabindex")).toBe("-1");
    expect(announced()).toBe("Messagerie · Sillage");
  });

  it("leaves the focus where it is when only the search changed (the page's own state)", async () => {
    const router = makeRouter();
    await render(router);
    await act(() => go(router, "/b"));
    await settle();
    const field = document.createElement("button");
    document.querySelector("main")!.append(field);
    field.focus();
    await act(() => go(router, "/b?c=3f2b8c1e-9d4a-4e6b-8f7c-2a1b3c4d5e6f"));
    await settle();
    expect(document.activeElement).toBe(field);
  });

  it("lets a page that focused a field of its own keep it", async () => {
    const router = makeRouter();
    await render(router);
    await act(() => go(router, "/form"));
    await settle();
    expect(document.activeElement?.getAttribute("name")).toBe("email");
    expect(announced()).toBe("Connexion · Sillage");
  });
});
