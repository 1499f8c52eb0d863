import type { ReactNode } from "react";

/** A titled section of a page; the title is its accessible name (and `titleId` its in-page anchor). */
export function Card({
  titleId,
  title,
  description,
  id,
  children,
}: {
  titleId: string;
  title: ReactNode;
  description?: ReactNode;
  id?: string;
  children?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={titleId} id={id}>
      <div className="card__header">
        <h2 id={titleId} className="card__title">
          {title}
        </h2>
        {description && <p className="card__description">{description}</p>}
      </div>
      {children}
    </section>
  );
}
