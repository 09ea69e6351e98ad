import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir as sharedTempDir } from "../support/temp-dir.ts";

/** A fresh temp directory (real path) holding `files` ({ "relative/path": content }). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = sharedTempDir("kit-resources-");
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}
