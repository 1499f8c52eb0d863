import { useRouter } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { focusPageTarget, isPageChange, pageAnnouncement, pageFocusTarget, whenPageHeading } from "../lib/route-focus";

/** How long a page may take to show its heading before the focus goes to what is there. */
const HEADING_WAIT_MS = 3000;

/**
 * After each change of page: the focus to the new page's main heading and its title said by a polite live region
 * (`lib/route-focus.ts` says when and why). Mounted once, by the root route.
 */
export function RouteAnnouncer() {
  const router = useRouter();
  const [message, setMessage] = useState("");
  useEffect(() => {
    let navigation = 0;
    const unsubscribe = router.subscribe("onResolved", (change) => {
      if (!isPageChange(change)) return;
      const current = ++navigation;
      void whenPageHeading(document, HEADING_WAIT_MS).then(() => {
        // The page's title is set by an effect of its header: read it after that effect ran.
        requestAnimationFrame(() => {
          if (current !== navigation) return;
          const target = pageFocusTarget(document);
          if (target) focusPageTarget(target);
          setMessage(pageAnnouncement(document, target));
        });
      });
    });
    return () => {
      navigation++;
      unsubscribe();
    };
  }, [router]);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
      {message}
    </div>
  );
}
