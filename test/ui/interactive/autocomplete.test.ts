import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Autocomplete } from "../../../src/modes/interactive/autocomplete.ts";
import { walkFiles } from "../../../src/tools/walk.ts";
import { key } from "../../../src/ui/components/input.ts";
import { plain, strip } from "../components/support.ts";
import { waitUntil } from "../../support/process-facts.ts";
import { tempDir } from "../../support/temp-dir.ts";

const dir = tempDir("kit-complete-");
mkdirSync(join(dir, "src"));
writeFileSync(join(dir, "src", "main.ts"), "");
writeFileSync(join(dir, "notes file.txt"), "");
writeFileSync(join(dir, "ignored.log"), "");
writeFileSync(join(dir, ".gitignore"), "*.log\n");

function completer() {
  let changes = 0;
  const ac = new Autocomplete(
    {
      cwd: dir,
      files: () => walkFiles(dir, dir),
      commands: () => [
        { name: "help", description: "Commands and keys" },
        { name: "theme", description: "Switch the theme" },
        { name: "thinking", description: "Set the thinking level" },
      ],
      complete: (name, prefix) => (name === "theme" ? ["dracula", "dark-plus", "nord"].filter((t) => t.startsWith(prefix)) : name === "later" ? Promise.resolve(["x1", "x2"]) : undefined),
      // /theme takes one whole argument; /later's completions are a first word only.
      isWholeCommand: (line) => line.startsWith("/theme "),
    },
    () => changes++,
  );
  const at = (line: string) => ac.update(line, line.length, 0);
  return { ac, at, lines: () => strip(ac.render(40, plain)), changes: () => changes };
}

describe("Autocomplete", () => {
  test("/ lists the commands matching what follows it, with their descriptions", () => {
    const { at, lines } = completer();
    at("/th");
    expect(lines()).toEqual(["› /theme     Switch the theme", "  /thinking  Set the thinking level"]);
    at("/xyz");
    expect(lines()).toEqual([]);
    at("not a command");
    expect(lines()).toEqual([]);
  });

  test("Tab completes the command and a space; Enter on a partly typed command completes and runs it", () => {
    const { ac, at } = completer();
    at("/th");
    ac.handle(key("down"));
    expect(ac.handle(key("tab"))).toEqual({ type: "accept", line: "/thinking ", index: 10, submit: false });
    at("/he");
    expect(ac.handle(key("enter"))).toEqual({ type: "accept", line: "/help", index: 6, submit: true });
    // Already typed in full: Enter is the editor's (it sends the command).
    at("/help");
    expect(ac.handle(key("enter"))).toEqual({ type: "ignored" });
  });

  test("after a command and a space: its argument completions, sync or async", async () => {
    const { ac, at, lines, changes } = completer();
    at("/theme d");
    expect(lines().map((l) => l.trim())).toEqual(["› dracula", "dark-plus"]);
    expect(ac.handle(key("tab"))).toEqual({ type: "accept", line: "/theme dracula", index: 14, submit: false });
    // Enter on an argument that makes the command whole runs it; one that does not only completes.
    at("/theme dr");
    expect(ac.handle(key("enter"))).toEqual({ type: "accept", line: "/theme dracula", index: 14, submit: true });
    at("/help ");
    expect(ac.visible).toBe(false);
    const before = changes();
    at("/later ");
    await waitUntil("the async completions", () => changes() > before);
    expect(lines().map((l) => l.trim())).toEqual(["› x1", "x2"]);
    expect(ac.handle(key("enter"))).toEqual({ type: "accept", line: "/later x1", index: 9, submit: false });
  });

  test("@ lists the project's files (gitignore respected), a path with spaces completes quoted", async () => {
    const { ac, at, lines, changes } = completer();
    at("look at @");
    // The files are listed in the background; the list appears when they are.
    await waitUntil("the project's files", () => changes() > 0);
    expect(lines().map((l) => l.replace(/^[› ] /, "")).sort()).toEqual([".gitignore", "notes file.txt", "src/main.ts"]);
    at("look at @not");
    expect(ac.handle(key("tab"))).toEqual({ type: "accept", line: 'look at @"notes file.txt" ', index: 26, submit: false });
  });

  test("Esc hides the list until the text changes", () => {
    const { ac, at } = completer();
    at("/th");
    expect(ac.handle(key("escape"))).toEqual({ type: "handled" });
    at("/th");
    expect(ac.visible).toBe(false);
    at("/the");
    expect(ac.visible).toBe(true);
  });
});
