-- First run: the getting-started checklist of a workspace, hidden for everyone once an admin dismisses it.
ALTER TABLE workspaces ADD COLUMN onboarding_dismissed_at timestamptz;
GRANT UPDATE (onboarding_dismissed_at) ON workspaces TO sillage_app;
