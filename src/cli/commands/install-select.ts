/**
 * Choosing which extensions of a repository to install: all of them, the ones `--include a,b` names
 * (by name, or by path inside the repository), or the ones the user keeps in the `--select`
 * multi-select (@clack/prompts; every extension pre-selected, each shown with its name, path and the
 * first line of its leading comment).
 */
import { isCancel, multiselect } from "@clack/prompts";
import { posix } from "node:path";
import { KitError, UsageError } from "../../errors.ts";
import type { Chooser } from "../../install/op-context.ts";
import type { FoundExtension } from "../../install/scan.ts";
import { printableLine } from "../../ui/ansi.ts";

export const chooseAll: Chooser = async () => undefined;

export function chooseByName(names: readonly string[]): Chooser {
  return async (found, pkg) => {
    const chosen = new Set<FoundExtension>();
    const unknown: string[] = [];
    for (const name of names) {
      const path = `./${name.replace(/^\.\//, "").replace(/\/+$/, "")}`;
      const matches = found.filter((e) => e.name === name || e.rel === path || (e.kind === "folder" && posix.dirname(e.rel) === path));
      if (matches.length === 0) unknown.push(name);
      for (const m of matches) chosen.add(m);
    }
    if (unknown.length > 0) {
      throw new UsageError(
        `${pkg} has no extension named ${unknown.map((n) => `"${n}"`).join(", ")}; it has: ${found.map((e) => e.name).join(", ")}. Nothing was installed`,
      );
    }
    return found.filter((e) => chosen.has(e));
  };
}

/** The multi-select; needs a terminal on stdin and stdout (the caller checks). */
export function chooseInteractively(columns: number): Chooser {
  return async (found, pkg) => {
    const nameWidth = Math.max(...found.map((e) => e.name.length));
    const relWidth = Math.max(...found.map((e) => e.rel.length));
    const room = Math.max(20, columns - 8);
    const picked = await multiselect({
      message: `Extensions to install from ${pkg} (space toggles, enter installs)`,
      options: found.map((e) => ({
        value: e.rel,
        label: clip(printableLine(`${e.name.padEnd(nameWidth)}  ${e.rel.padEnd(relWidth)}${e.description ? `  ${e.description}` : ""}`), room),
      })),
      initialValues: found.map((e) => e.rel),
      required: true,
    });
    if (isCancel(picked)) throw new KitError("cancelled: nothing was installed", 130, "cancelled");
    const set = new Set(picked);
    return found.filter((e) => set.has(e.rel));
  };
}

function clip(text: string, width: number): string {
  return Bun.stringWidth(text) <= width ? text : text.slice(0, Math.max(1, width - 1)) + "…";
}
