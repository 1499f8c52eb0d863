import { createLazyRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { BrandMark } from "../components/AppShell";
import { ExploreDemoButton } from "../components/first-run/ExploreDemoButton";
import { Icon, type IconName } from "../components/Icon";
import { LanguageSwitcher } from "../components/LanguageSwitcher";
import "../components/first-run/first-run.css";

/** `/`: what Sillage does, with sign-up and sign-in (and the demo in demo mode); signed-in people go to their app. */
export const Route = createLazyRoute("/")({ component: LandingPage });

const FEATURES: { key: "schedule" | "inbox" | "ai"; icon: IconName }[] = [
  { key: "schedule", icon: "calendar" },
  { key: "inbox", icon: "inbox" },
  { key: "ai", icon: "sparkles" },
];

function LandingPage() {
  const { t } = useTranslation();
  return (
    <div className="landing">
      <header className="auth__topbar">
        <span className="brand">
          <BrandMark /> <span>Sillage</span>
        </span>
        <LanguageSwitcher compact />
      </header>
      <main className="landing__main">
        <section className="landing__hero" aria-labelledby="landing-title">
          <h1 id="landing-title" className="landing__title">
            {t("firstRun.landing.title")}
          </h1>
          <p className="landing__tagline">{t("firstRun.landing.tagline")}</p>
          <div className="landing__actions">
            <Link to="/signup" className="btn btn--primary" data-testid="landing-signup">
              {t("firstRun.landing.signup")}
            </Link>
            <Link to="/login" className="btn" data-testid="landing-login">
              {t("firstRun.landing.login")}
            </Link>
          </div>
          <div className="landing__demo">
            <ExploreDemoButton />
          </div>
        </section>
        <section aria-label={t("firstRun.landing.featuresLabel")}>
          <ul className="landing__features">
            {FEATURES.map((f) => (
              <li key={f.key} className="landing__feature">
                <Icon name={f.icon} size={22} />
                <h2 className="subheading">{t(`firstRun.landing.${f.key}Title`)}</h2>
                <p className="muted">{t(`firstRun.landing.${f.key}Body`)}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>
    </div>
  );
}
