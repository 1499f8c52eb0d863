// Types of boundaries.js for the TypeScript that reads the workspace (apps/server/test/architecture).
import type { Linter } from "eslint";

export interface WorkspacePackage {
  name: string;
  /** Folder from the repository root, "/"-separated ("." for the root package). */
  relDir: string;
  /** Absolute folder. */
  dir: string;
  dependencies: string[];
  devDependencies: string[];
  /** Exported subpaths ("." for the main entry), or null when package.json has no `exports`. */
  exports: string[] | null;
  isRoot: boolean;
}

export interface Workspace {
  root: string;
  rootPackage: WorkspacePackage;
  packages: WorkspacePackage[];
  byName: Map<string, WorkspacePackage>;
}

export function readWorkspace(root: string): Workspace;
export function packageBoundaries(root: string): Linter.Config[];
