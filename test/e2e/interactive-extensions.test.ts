/**
 * Extensions in the interactive UI, end to end in a pseudo-terminal: the Context's UI members made
 * real (widgets, header and footer, status entries, prompts, overlays, print blocks, message
 * renderers, themes, the editor, shortcuts, argument completion), turn_state_change, sendMessage
 * and exit. Most of it through the example extensions of extensions/, as a user would load them.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

// Each test drives a whole kit through several turns; every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();
const EXAMPLES = resolve(import.meta.dir, "../../extensions");

function kit(extensions: string[], files: Record<string, string> = {}, size: { cols?: number; rows?: number } = {}) {
  const w = workspace(files);
  const args = ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...extensions.flatMap((e) => ["-e", e.includes("/") ? e : join(EXAMPLES, e)])];
  return { t: new KitTerminal({ args, cwd: w.cwd, env: w.env, cols: size.cols ?? 100, rows: size.rows ?? 36 }), ...w };
}

const row = (screen: string, part: string) => screen.split("\n").findIndex((l) => l.includes(part));

describe("interactive extensions: chrome", () => {
  test("widgets above and below the editor in priority order, header, footer, status entries by priority", async () => {
    const ext = `export default (kit) => {
      kit.onSessionStart((_e, ctx) => {
        ctx.setHeader({ content: { text: "HEADER-X" } });
        ctx.setFooter({ content: { text: "FOOTER-Y" }, style: { noBorder: true } });
        ctx.setWidget({ id: "second", content: { text: "W-SECOND" }, priority: 2 });
        ctx.setWidget({ id: "first", content: { text: "W-FIRST" }, priority: 1, style: { noBorder: true } });
        ctx.setWidget({ id: "below", placement: "below", content: { render: (w) => "W-BELOW at " + w } });
        ctx.setStatus("b", "STATUS-B", 2);
        ctx.setStatus("a", "STATUS-A", 1);
      });
      kit.registerCommand({ name: "plain", description: "less chrome", execute: (_a, ctx) => {
        ctx.removeWidget("second");
        ctx.removeHeader();
        ctx.setUIVisibility({ hideStatusBar: true, hideSeparator: true, hideInputHint: true });
      } });
    };`;
    const { t } = kit(["./chrome.ts"], { "chrome.ts": ext });
    const screen = await t.waitFor("the chrome", (s) => s.includes("FOOTER-Y") && s.includes("W-BELOW"));
    const order = ["HEADER-X", "W-FIRST", "W-SECOND", "› Ask anything", "W-BELOW at 96", "STATUS-A", "FOOTER-Y"].map((p) => row(screen, p));
    expect(order.every((r) => r >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // A widget with a border is boxed; one without is a bare line.
    expect(screen).toMatch(/│ W-SECOND\s+│/);
    expect(screen).toMatch(/^W-FIRST$/m);
    // Status entries: lower priority further left, on the status bar's line.
    const status = screen.split("\n")[row(screen, "STATUS-A")]!;
    expect(status.indexOf("STATUS-A")).toBeLessThan(status.indexOf("STATUS-B"));
    await t.type("/plain");
    const after = await t.waitFor("less chrome", (s) => !s.includes("W-SECOND") && !s.includes("HEADER-X"));
    expect(after).not.toContain("STATUS-A");
    expect(after).not.toContain("Ask anything");
    expect(after).not.toMatch(/^─+$/m);
    expect(after).toContain("W-FIRST");
    await t.type("/quit");
    expect(await t.proc.exited).toBe(0);
  });

  test("the example header, footer and status extensions follow the turns (turn_state_change)", async () => {
    const { t } = kit(["header-footer-demo.ts", "status-footer.ts"]);
    mock.push(text("Hello.", { tokenDelayMs: 150, chunkSize: 2 }));
    await t.waitFor("the idle status and the footer", (s) => s.includes("○ idle") && s.includes("no turn yet"));
    await t.type("hi");
    await t.waitFor("working", (s) => s.includes("● working"));
    await t.waitFor("idle again with the footer updated", (s) => s.includes("○ idle") && s.includes("last turn ended at"));
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extensions: dialogs and output", () => {
  test("/survey: select, text, masked text, confirm and multi-select prompts answered with the keyboard", async () => {
    const { t } = kit(["prompt-demo.ts"]);
    await t.ready();
    await t.type("/survey");
    await t.waitFor("the select prompt", (s) => s.includes("Which language do you write most?") && s.includes("TypeScript"));
    t.keys(KEY.down);
    t.keys(KEY.enter);
    await t.waitFor("the name prompt", (s) => s.includes("What should we call you?"));
    t.keys("\x15"); // Ctrl+U: drop the default "friend"
    t.keys("Ada");
    t.keys(KEY.enter);
    await t.waitFor("the secret prompt", (s) => s.includes("Tell us a secret word"));
    t.keys("hunter2");
    const masked = await t.waitFor("the masked answer", (s) => s.includes("•••••••"));
    expect(masked).not.toContain("hunter2");
    t.keys(KEY.enter);
    await t.waitFor("the confirm prompt", (s) => s.includes("Do you enjoy working in the terminal?"));
    t.keys("y");
    await t.waitFor("the multi-select prompt", (s) => s.includes("Which features do you use?"));
    t.keys(KEY.down);
    t.keys(" ");
    t.keys(KEY.enter);
    const lines = (await t.waitForLines("the answers", (l) => l.some((x) => x.includes("features:")))).join("\n");
    expect(lines).toContain("Thanks, Ada! You answered:");
    expect(lines).toMatch(/language:\s+Go/);
    expect(lines).toMatch(/secret:\s+••••••• \(7 characters/);
    expect(lines).toMatch(/terminal:\s+yes/);
    expect(lines).toMatch(/features:\s+Extensions, Sessions/);
    expect(lines).not.toContain("hunter2");
    expect(await t.quit()).toBe(0);
  });

  test("Esc cancels a prompt: the extension gets cancelled and says so", async () => {
    const { t } = kit(["prompt-demo.ts"]);
    await t.ready();
    await t.type("/survey");
    await t.waitFor("the select prompt", (s) => s.includes("Which language do you write most?"));
    t.keys(KEY.esc);
    await t.waitForLines("the cancel message", (l) => l.some((x) => x.includes("Survey cancelled")));
    await t.waitFor("the editor back", (s) => s.includes("› Ask anything"));
    expect(await t.quit()).toBe(0);
  });

  test("/about: an overlay with actions; choosing one runs it", async () => {
    const { t } = kit(["overlay-demo.ts"], { "README.md": "# The Project\n\nText.\n" });
    await t.ready();
    await t.type("/about");
    const overlay = await t.waitFor("the overlay", (s) => s.includes("About kit") && s.includes("[OK]"));
    expect(overlay).toContain("This session");
    expect(overlay).toContain("Open README");
    t.keys("\x1b[C"); // Right: the second action
    await t.waitFor("the second action chosen", (s) => s.includes("[Open README]"));
    t.keys(KEY.enter);
    await t.waitForLines("what the action did", (l) => l.some((x) => x.includes('README.md: "The Project"')));
    expect(await t.quit()).toBe(0);
  });

  test("printBlock and a message renderer draw into the transcript; a theme registered by an extension applies", async () => {
    const { t } = kit(["branded-output.ts", "neon-theme.ts"]);
    await t.ready();
    await t.type("/brand shiny words");
    await t.waitForLines("the branded message", (l) => l.some((x) => x.includes("shiny words")));
    await t.type("/neon");
    await t.waitForLines("the theme switch", (l) => l.some((x) => /neon/i.test(x) && !x.startsWith("›")));
    await t.type("/theme");
    await t.waitFor("the theme picker on the current theme", (s) => /neon\s+current/.test(s));
    t.keys(KEY.esc);
    await t.waitFor("the picker closed", (s) => s.includes("› Ask anything"));
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extensions: tool renderers", () => {
  test("a tool renderer draws the call's header and body (tool-renderer-demo)", async () => {
    const { t } = kit(["tool-renderer-demo.ts"]);
    mock.push({ kind: "reply", toolCalls: [{ name: "bash", input: { command: "echo rendered-output" } }] }, text("Ran it."));
    await t.ready();
    await t.type("run something");
    await t.waitFor("the answer", (s) => s.includes("Ran it.") && !s.includes("Working…"));
    const lines = (await t.lines()).join("\n");
    expect(lines).toMatch(/^● Shell \$ echo rendered-output$/m);
    expect(lines).toMatch(/^│ rendered-output\n│ ✓ exit 0$/m);
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extensions: editor, keys, control", () => {
  test("vim editor (ctx.setEditor): normal mode keys are the extension's, :w sends", async () => {
    const { t } = kit(["custom-editor.ts"]);
    mock.push(text("Got it."));
    await t.waitFor("the insert mode line", (s) => s.includes("-- INSERT --"));
    t.keys("hello vim");
    t.keys(KEY.esc);
    await t.waitFor("normal mode", (s) => s.includes("-- NORMAL --"));
    t.keys("0"); // to the start of the line
    t.keys("x"); // deletes the character under the cursor: "ello vim"
    await t.waitFor("the edit", (s) => s.includes("› ello vim"));
    t.keys(":w");
    t.keys(KEY.enter);
    await t.waitFor("the answer", (s) => s.includes("Got it."));
    const sent = mock.requests[mock.requests.length - 1]!.body.messages.at(-1).content;
    expect(JSON.stringify(sent)).toContain('"ello vim"');
    expect(await t.quit()).toBe(0);
  });

  test("shortcuts, argument completion of an extension command, sendMessage from a command, ctx.exit", async () => {
    const ext = `export default (kit) => {
      kit.registerShortcut({ key: "ctrl+t", description: "fill the editor" }, (ctx) => ctx.setEditorText("filled by a shortcut"));
      kit.registerCommand({ name: "greet", description: "greet someone", complete: (p) => ["alice", "albert", "bob"].filter((n) => n.startsWith(p)),
        execute: (args, ctx) => { ctx.sendMessage("please greet " + args); } });
      kit.registerCommand({ name: "bye", description: "leave", execute: (_a, ctx) => ctx.exit() });
    };`;
    const { t } = kit(["./keys.ts"], { "keys.ts": ext });
    mock.push(text("Hello Alice!"));
    await t.ready();
    t.keys("\x14"); // Ctrl+T
    await t.waitFor("the shortcut's text", (s) => s.includes("› filled by a shortcut"));
    t.keys(KEY.ctrlC);
    t.keys("/greet al");
    const suggestions = await t.waitFor("the argument suggestions", (s) => s.includes("albert"));
    expect(suggestions).toContain("alice");
    expect(suggestions).not.toMatch(/^\s*(› )?bob/m);
    t.keys(KEY.tab);
    await t.waitFor("the completed argument", (s) => s.includes("› /greet alice"));
    t.keys(KEY.enter);
    await t.waitFor("the turn the command sent", (s) => s.includes("Hello Alice!") && !s.includes("Working…"));
    const lines = await t.lines();
    expect(lines).toContain("› please greet alice");
    await t.type("/bye");
    expect(await t.proc.exited).toBe(0);
  });

  test("/shell suspends the UI for another program, then draws it again", async () => {
    const { t } = kit(["interactive-shell.ts"]);
    await t.ready();
    await t.type("/shell echo printed-by-the-program");
    await t.waitForLines("the program's output and its exit", (l) => l.some((x) => x.includes("exited with code 0")));
    const lines = (await t.lines()).join("\n");
    expect(lines).toContain("printed-by-the-program");
    await t.waitFor("the editor back", (s) => s.includes("› Ask anything"));
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extensions: turn_state_change", () => {
  test("working then idle around a turn and around a shell command", async () => {
    const ext = `import { appendFileSync } from "node:fs";
      export default (kit) => kit.onTurnStateChange((e) => appendFileSync("states.log", e.previous + ">" + e.state + "\\n"));`;
    const { t, cwd } = kit(["./states.ts"], { "states.ts": ext });
    mock.push(text("Done."));
    await t.ready();
    await t.type("go");
    await t.waitFor("the answer", (s) => s.includes("Done.") && !s.includes("Working…"));
    await t.type("!true");
    await t.waitFor("the shell block", (s) => s.includes("Shell") && !s.includes("Running…"));
    expect(await t.quit()).toBe(0);
    expect(readFileSync(join(cwd, "states.log"), "utf8")).toBe("idle>working\nworking>idle\nidle>working\nworking>idle\n");
  });
});

describe("interactive: running subagents", () => {
  test("a background subagent shows in the status bar while it runs, and goes away when it ends", async () => {
    const { t } = kit(["subagent-demo.ts"]);
    await t.waitFor("the prompt", (s) => s.includes("Ask anything"));
    // The child streams slowly, so it is seen running; its answer then comes back as a follow-up turn.
    mock.push(text("the child's answer, word by word", { chunkSize: 2, tokenDelayMs: 60 }), text("noted"));
    await t.type("/bg look around");
    await t.waitFor("the running subagent", (s) => s.includes("1 subagent running"));
    await t.waitFor("the subagent gone", (s) => !s.includes("subagent running") && s.includes("noted"));
    expect(await t.quit()).toBe(0);
  });
});
