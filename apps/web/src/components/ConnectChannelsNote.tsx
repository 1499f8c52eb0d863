import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";

/** An empty list that only a connected account can fill: why it is empty, and the way to the channels page. */
export function ConnectChannelsNote({ className, why, link, testId, linkTestId }: { className: string; why: ReactNode; link: ReactNode; testId: string; linkTestId: string }) {
  return (
    <p className={`muted ${className}`} data-testid={testId}>
      {why}{" "}
      <Link to="/settings/channels" data-testid={linkTestId}>
        {link}
      </Link>
    </p>
  );
}
