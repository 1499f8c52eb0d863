import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { loadAreas } from "../i18n";
import { useWorkspaceEvents } from "../lib/events";
import { initials } from "../lib/initials";
import { leaveApp } from "../lib/sign-out";
import { useWorkspace } from "../lib/workspace";
import { AiStateBadge } from "./ai/AiStateBadge";
import "./ai/ai.css";
import { Icon, type IconName } from "./Icon";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { NotificationBell } from "./notifications/NotificationBell";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";
import { checklistShows } from "./first-run/checklist-visibility";
import type * as ChecklistCode from "./first-run/GettingStarted";
import type { RouterContext } from "../routes/__root";

// Only new workspaces show the checklist: its code stays out of the entry every page downloads (JS budget).
// Its words come with it (an area of the dictionaries: i18n/index.ts).
let checklistCode: typeof ChecklistCode | undefined;
const loadChecklist = () => Promise.all([import("./first-run/GettingStarted"), loadAreas(["firstRun"])]).then(([m]) => (checklistCode = m));

/**
 * `appRoute`'s guard: the checklist's state, and its code when it shows, before the page renders. Arriving after, it
 * pushed the page down (~190 px on a phone) under a finger already tapping a link there, and the tap went nowhere.
 * Cached after the first page: later navigations wait for nothing. A failure only leaves the checklist to come later.
 */
export async function prepareChecklist({ queryClient, trpc }: RouterContext, pathname: string): Promise<void> {
  const state = await queryClient.ensureQueryData(trpc.onboarding.checklist.queryOptions()).catch(() => undefined);
  if (checklistShows(state, pathname) && !checklistCode) await loadChecklist().catch(() => undefined);
}

/** The checklist above the page: rendered at once when its code is here (`prepareChecklist`), else once it arrives. */
function GettingStarted() {
  const [code, setCode] = useState(checklistCode);
  useEffect(() => {
    if (!code) void loadChecklist().then(setCode, () => undefined);
  }, [code]);
  return code ? <code.GettingStarted /> : null;
}

type NavTo = "/schedule" | "/inbox" | "/comments" | "/ai-control" | "/analytics" | "/analytics/topics" | "/settings";

const NAV: { to: NavTo; key: "schedule" | "inbox" | "comments" | "aiControl" | "analytics" | "topics" | "settings"; testId: string; icon: IconName; child?: boolean }[] = [
  { to: "/schedule", key: "schedule", testId: "nav-schedule", icon: "calendar" },
  { to: "/inbox", key: "inbox", testId: "nav-inbox", icon: "inbox" },
  { to: "/comments", key: "comments", testId: "nav-comments", icon: "comments" },
  { to: "/ai-control", key: "aiControl", testId: "nav-ai-control", icon: "sparkles" },
  { to: "/analytics", key: "analytics", testId: "nav-analytics", icon: "chart" },
  { to: "/analytics/topics", key: "topics", testId: "nav-topics", icon: "tag", child: true },
  { to: "/settings", key: "settings", testId: "nav-settings", icon: "settings" },
];

export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { me } = useWorkspace();
  const live = useWorkspaceEvents();
  const [navOpen, setNavOpen] = useState(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  useEffect(() => setNavOpen(false), [pathname]);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  // The phone's menu is a drawer over the page: the focus goes into it (and stays: the page behind is inert), and
  // closing it without going anywhere (Escape, a tap beside it) brings the focus back to its button.
  const closeNav = () => {
    setNavOpen(false);
    menuButton.current?.focus();
  };
  useEffect(() => {
    if (navOpen) sidebar.current?.querySelector<HTMLElement>(".nav a")?.focus();
  }, [navOpen]);

  // Everything of the app stops before the session goes (lib/sign-out.ts): no call left to answer 401.
  const logout = useMutation({
    mutationFn: () => leaveApp(queryClient, () => navigate({ to: "/login" }), { callServer: true }),
  });

  const displayName = me.user?.name ?? t("shell.apiToken");

  return (
    <div className={`shell${navOpen ? " shell--nav-open" : ""}`}>
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <header className="topbar">
        <button
          ref={menuButton}
          type="button"
          className="btn btn--icon btn--ghost"
          aria-expanded={navOpen}
          aria-controls="sidebar"
          aria-label={navOpen ? t("shell.closeMenu") : t("shell.openMenu")}
          onClick={() => setNavOpen((v) => !v)}
        >
          <Icon name={navOpen ? "close" : "menu"} />
        </button>
        <span className="brand brand--small">
          <BrandMark /> Sillage
        </span>
        <NotificationBell testId="notifications-bell-top" />
      </header>
      <div className="shell__backdrop" onClick={closeNav} aria-hidden="true" />
      <aside id="sidebar" ref={sidebar} className="sidebar" aria-label={t("shell.sidebar")} onKeyDown={(e) => e.key === "Escape" && navOpen && closeNav()}>
        <div className="sidebar__top">
          <Link to="/schedule" className="brand" aria-label="Sillage">
            <BrandMark /> <span>Sillage</span>
          </Link>
          <WorkspaceSwitcher />
          <NotificationBell />
        </div>
        <nav className="nav" aria-label={t("shell.mainNav")}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  className={`nav__link${item.child ? " nav__link--child" : ""}`}
                  activeProps={{ className: "nav__link--active" }}
                  activeOptions={{ exact: item.to === "/analytics" }}
                  data-testid={item.testId}
                >
                  <Icon name={item.icon} size={18} />
                  <span>{t(`nav.${item.key}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar__bottom">
          <AiStateBadge />
          <p className={`live live--${live}`} role="status" title={t(`live.${live}Hint`)}>
            <span className="live__dot" aria-hidden="true" />
            {t(`live.${live}`)}
          </p>
          <LanguageSwitcher />
          <div className="user">
            <div className="user__avatar" aria-hidden="true">
              {initials(displayName)}
            </div>
            <div className="user__text">
              <span className="user__name" data-testid="current-user">
                {displayName}
              </span>
              {me.user && <span className="user__email">{me.user.email}</span>}
            </div>
            <button
              type="button"
              className="btn btn--icon btn--ghost"
              onClick={() => logout.mutate()}
              disabled={logout.isPending}
              aria-label={t("shell.logout")}
              title={t("shell.logout")}
              data-testid="logout"
            >
              <Icon name="logout" size={18} />
            </button>
          </div>
        </div>
      </aside>
      {/* Behind an open drawer the page is out of reach, as it is out of sight. */}
      <main id="main" className="main" tabIndex={-1} inert={navOpen}>
        <GettingStarted />
        {children}
      </main>
    </div>
  );
}

export function BrandMark() {
  return (
    <svg className="brand__mark" width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M7 20c4-6 8-6 12-2s6 2 6-2" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
