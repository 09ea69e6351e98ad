/**
 * The rules "allow always for this project" stored, one file per project in the data directory
 * (`permissions/<hash of the project's real path>.json`), so a repository cannot grant itself
 * anything. Read when needed (another kit in the same project may have added a rule since), written
 * atomically.
 */
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config/atomic-write.ts";

interface StoredRules {
  /** The project's real path, so a reader of the file knows whose rules these are. */
  project: string;
  allow: string[];
}

export class PermissionStore {
  readonly file: string;
  private readonly project: string;

  constructor(dataDir: string, cwd: string) {
    this.project = realPathOf(cwd);
    const id = createHash("sha256").update(this.project).digest("hex").slice(0, 16);
    this.file = join(dataDir, "permissions", `${id}.json`);
  }

  /** The project's rules; none when the file is missing. A damaged file throws, naming it. */
  list(): string[] {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new Error(`cannot read the project's permission rules (${this.file}): ${(err as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoredRules>;
      return Array.isArray(parsed.allow) ? parsed.allow.filter((r): r is string => typeof r === "string") : [];
    } catch {
      throw new Error(`the project's permission rules (${this.file}) are not valid JSON: fix or delete the file`);
    }
  }

  add(rule: string): void {
    const rules = this.list();
    if (!rules.includes(rule)) this.save([...rules, rule]);
  }

  /** False when the rule was not there. */
  remove(rule: string): boolean {
    const rules = this.list();
    if (!rules.includes(rule)) return false;
    this.save(rules.filter((r) => r !== rule));
    return true;
  }

  private save(allow: string[]): void {
    const data: StoredRules = { project: this.project, allow };
    writeFileAtomic(this.file, JSON.stringify(data, null, 2) + "\n", 0o600);
  }
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
