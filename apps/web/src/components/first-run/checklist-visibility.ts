/**
 * Whether the getting-started checklist shows on `pathname`: a workspace's until all is done or an admin hides it, and
 * not over the inbox's and comments' full-height work surfaces. Its own module: the shell's entry code decides whether
 * to fetch the checklist's chunk before a page renders (AppShell), the chunk renders by the same rule.
 */
export function checklistShows(state: { dismissed: boolean; allDone: boolean } | undefined, pathname: string): boolean {
  return Boolean(state && !state.dismissed && !state.allDone && !/^\/(inbox|comments)(\/|$)/.test(pathname));
}
