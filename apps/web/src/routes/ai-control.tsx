import { createLazyRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ControlCard, TryCard } from "../components/ai/ControlAndTry";
import { DecisionsCard, KnowledgeCard, SafetyCard } from "../components/ai/KnowledgeAndSafety";
import { RulesCard } from "../components/ai/RulesCard";
import { PageHeader } from "../components/PageHeader";

/** What the AI may answer on its own, and when a person takes over: switch, try-it, rules + replay, safety, knowledge. */
export const Route = createLazyRoute("/app/ai-control")({ component: AiControlPage });

function AiControlPage() {
  const { t } = useTranslation();
  return (
    <div className="page stack">
      <PageHeader title={t("pages.aiControl.title")} description={t("pages.aiControl.description")} />
      <ControlCard />
      <TryCard />
      <RulesCard />
      <SafetyCard />
      <KnowledgeCard />
      <DecisionsCard />
    </div>
  );
}
