export const shell = {
  apiToken: "API token",
  skipToContent: "Skip to content",
  closeMenu: "Close the menu",
  openMenu: "Open the menu",
  sidebar: "Sidebar",
  mainNav: "Main navigation",
  logout: "Sign out",
  // The AI state in the sidebar (every page): here, not in `ai.*`, which only the AI pages load.
  aiBadge: { on: "AI on", off: "AI off", partial: "AI on, some channels off", title: "Automatic replies: see AI control" },
};
