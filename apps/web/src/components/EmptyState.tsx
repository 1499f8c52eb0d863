import type { ReactNode } from "react";
import { Icon, type IconName } from "./Icon";

export function EmptyState({
  icon,
  title,
  children,
  items,
}: {
  icon: IconName;
  title: ReactNode;
  children?: ReactNode;
  /** What the page will show once the feature exists. */
  items?: ReactNode[];
}) {
  return (
    <section className="empty-state" aria-label={typeof title === "string" ? title : undefined}>
      <div className="empty-state__icon">
        <Icon name={icon} size={28} />
      </div>
      <h2 className="empty-state__title">{title}</h2>
      {children && <div className="empty-state__body">{children}</div>}
      {items && items.length > 0 && (
        <ul className="empty-state__list">
          {items.map((item, i) => (
            <li key={i}>
              <Icon name="check" size={16} />
              <span>{item}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
