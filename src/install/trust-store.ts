/**
 * Trust records for project-local code and config (issue #21): which projects the user trusted,
 * each bound to the project's real path and a digest of every item that was trusted (an extension's
 * files, a config key's value, an MCP server's command). An item that is new or whose digest differs
 * is not trusted: kit asks again. Kept in `<dataDir>/trusted-projects.json`, written atomically.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config/atomic-write.ts";
import { EXIT, KitError, UsageError } from "../errors.ts";

export interface TrustRecord {
  /** When the user trusted the project (ISO 8601). */
  trustedAt: string;
  /** Item id → digest of its content when it was trusted. */
  items: Record<string, string>;
}

interface TrustFile {
  v: 1;
  /** Real path of a project → its record. */
  projects: Record<string, TrustRecord>;
}

export function trustFilePath(dataDir: string): string {
  return join(dataDir, "trusted-projects.json");
}

/** The trust records of the data directory; every call reads the file afresh (another kit may have written it). */
export class TrustStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = trustFilePath(dataDir);
  }

  all(): Record<string, TrustRecord> {
    return this.read().projects;
  }

  get(project: string): TrustRecord | undefined {
    return this.read().projects[project];
  }

  /** Trusts `items` of `project`, replacing what was trusted before. */
  trust(project: string, items: Record<string, string>, now = new Date()): void {
    const file = this.read();
    file.projects[project] = { trustedAt: now.toISOString(), items };
    this.write(file);
  }

  /** Trusts `items` of `project` besides what was trusted before (`kit install --local` trusting what it installed). */
  add(project: string, items: Record<string, string>, now = new Date()): void {
    const file = this.read();
    const before = file.projects[project]?.items ?? {};
    file.projects[project] = { trustedAt: now.toISOString(), items: { ...before, ...items } };
    this.write(file);
  }

  /** Forgets a project; false when it was not trusted. */
  revoke(project: string): boolean {
    const file = this.read();
    if (!(project in file.projects)) return false;
    delete file.projects[project];
    this.write(file);
    return true;
  }

  private read(): TrustFile {
    if (!existsSync(this.path)) return { v: 1, projects: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.path, "utf8")) as Partial<TrustFile>;
      if (parsed.v === 1 && typeof parsed.projects === "object" && parsed.projects !== null && !Array.isArray(parsed.projects)) {
        return { v: 1, projects: parsed.projects };
      }
    } catch {
      // reported below
    }
    throw new UsageError(`${this.path} is damaged; remove it (every project will be asked about again) or fix its JSON`);
  }

  private write(file: TrustFile): void {
    try {
      // Only the user needs to read which projects they trusted.
      writeFileAtomic(this.path, JSON.stringify(file, null, 2) + "\n", 0o600);
    } catch (err) {
      throw new KitError(`cannot save the trust record ${this.path}: ${(err as Error).message}; make its directory writable, or use --trust-project for this run`, EXIT.runFailed, "trust");
    }
  }
}
