import { describe, expect, test } from "bun:test";
import type { ThemeColors, ToolRenderConfig } from "kit/ext";
import { createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/tool-renderer-demo.ts`;

/**
 * The harness does not list tool renderers, so the extension is loaded through a small wrapper (still
 * with kit's real loader and runner) that keeps what it passes to registerToolRenderer.
 */
async function load(): Promise<{ h: Harness; renderer: (tool: string) => ToolRenderConfig }> {
  const kept = new Map<string, ToolRenderConfig>();
  (globalThis as { __toolRenderers?: unknown }).__toolRenderers = kept;
  const h = await createHarness().loadString(`import init from ${JSON.stringify(EXT)};
export default (kit: any) => init({ ...kit, registerToolRenderer(def: any) {
  (globalThis as any).__toolRenderers.set(def.toolName, def);
  kit.registerToolRenderer(def);
} });`);
  const renderer = (tool: string) => {
    const def = kept.get(tool);
    if (!def) throw new Error(`no renderer for ${tool}; registered: ${[...kept.keys()].join(", ")}`);
    return def;
  };
  return { h, renderer };
}

/** A theme whose paint is visible in plain text: <#hex>text</> (bold: <#hex!>). */
function showPaint(h: Harness): void {
  const theme = h.context.getTheme();
  h.context.getTheme = (): ThemeColors => ({ ...theme, paint: (hex, text, o) => `<${hex}${o?.bold ? "!" : ""}>${text}</>` });
}

describe("tool-renderer-demo: bash", () => {
  test("is shown as Shell with the command line as its header", async () => {
    const { renderer } = await load();
    const bash = renderer("bash");
    expect(bash.displayName).toBe("Shell");
    expect(bash.renderHeader!(JSON.stringify({ command: "npm test" }), 80)).toBe("$ npm test");
    expect(bash.renderHeader!(JSON.stringify({ command: "cd x\nmake\nmake install", timeout: 30 }), 80)).toBe("$ cd x (+2 lines) ⏱ 30s");
    expect(bash.renderHeader!(JSON.stringify({ command: "echo " + "a".repeat(100) }), 20)).toBe("$ echo aaaaaaaaaaaa…");
  });

  test("falls back to the built-in header when the arguments do not parse", async () => {
    const { renderer } = await load();
    expect(renderer("bash").renderHeader!('{"command": "ls', 80)).toBe("");
    expect(renderer("bash").renderHeader!("{}", 80)).toBe("");
  });

  test("colours the exit status with the session's theme", async () => {
    const { h, renderer } = await load();
    await h.emit("session_start");
    showPaint(h);
    const t = h.context.getTheme();
    const body = renderer("bash").renderBody!;
    expect(body("ok\ndone", false, 80)).toBe(`ok\ndone\n<${t.success}>✓ exit 0</>`);
    expect(body("boom\n\nExit code: 2", true, 80)).toBe(`boom\n<${t.error}!>✗ exit 2</>`);
    expect(body("(no output)\n\nCommand timed out after 5 s; the process tree was killed.", true, 80)).toBe(
      `<${t.muted}>(no output)</>\n<${t.warning}!>✗ Command timed out after 5 s; the process tree was killed.</>`,
    );
    expect(body("Command was cancelled before it started.", true, 80)).toBe(`<${t.warning}!>✗ Command was cancelled before it started.</>`);
  });

  test("the colours follow a theme switch", async () => {
    const { h, renderer } = await load();
    await h.emit("session_start");
    h.context.registerTheme("mono", { success: { light: "#000000", dark: "#ffffff" } });
    h.context.setTheme("mono");
    showPaint(h);
    expect(renderer("bash").renderBody!("x", false, 80)).toBe("x\n<#ffffff>✓ exit 0</>");
  });

  test("long lines are cut; long output falls back to the built-in body", async () => {
    const { renderer } = await load();
    const body = renderer("bash").renderBody!;
    expect(body("0123456789abcdef", false, 10)).toBe("012345678…\n✓ exit 0"); // no session yet: no colours
    const long = Array.from({ length: 41 }, (_, i) => `line ${i}`).join("\n");
    expect(body(long, false, 80)).toBe("");
    expect(body(long.split("\n").slice(0, 40).join("\n"), false, 80)).not.toBe("");
  });
});

describe("tool-renderer-demo: read", () => {
  test("renders the file as a markdown code block under a path header", async () => {
    const { renderer } = await load();
    const read = renderer("read");
    expect(read.bodyMarkdown).toBe(true);
    expect(read.renderHeader!(JSON.stringify({ path: "src/app.ts" }), 80)).toBe("src/app.ts");
    expect(read.renderHeader!(JSON.stringify({ path: "src/app.ts", offset: 10, limit: 20 }), 80)).toBe("src/app.ts, lines 10–29");
    expect(read.renderHeader!(JSON.stringify({ path: "src/app.ts", offset: 5 }), 80)).toBe("src/app.ts, from line 5");
    expect(read.renderBody!("     1\tconst a = 1;\n     2\tconst b = 2;\n", false, 80)).toBe(
      "*2 lines*\n\n```\n     1\tconst a = 1;\n     2\tconst b = 2;\n```",
    );
  });

  test("a fence the file cannot close; errors and long files use the built-in body", async () => {
    const { renderer } = await load();
    const body = renderer("read").renderBody!;
    expect(body("     1\t```js", false, 80)).toBe("*1 line*\n\n````\n     1\t```js\n````");
    expect(body("ENOENT: no such file", true, 80)).toBe("");
    expect(body(Array.from({ length: 201 }, (_, i) => `${i}`).join("\n"), false, 80)).toBe("");
  });
});
