/**
 * Tests of custom-tool.ts (the project_stats tool): run with `kit test extensions/custom-tool.test.ts`.
 *
 * h.runTool runs the tool as a turn would, with a ToolContext over the harness's MockContext, and
 * records its progress lines (see progressOf). Its abort signal belongs to the harness and nothing in
 * a test can abort it (ctx.abort() in a harness is only counted), so the cancellation tests call the
 * tool's execute themselves with a ToolContext they control: the tool is taken from the extension's
 * registerTool call.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ExtensionAPI, ToolContext, ToolDef, ToolResult } from "kit/ext";
import { assertToolRegistered, createHarness, type Harness } from "kit/test";
import projectStats from "./custom-tool.ts";

const EXTENSION = `${import.meta.dir}/custom-tool.ts`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project with these files. */
function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "kit-project-stats-")));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const SMALL = {
  "src/a.ts": "one\ntwo\nthree\n",
  "src/b.ts": "x\n",
  "src/lib/c.ts": "1\n2\n",
  "src/readme.md": "# hi\n\ntext\n",
  "src/.hidden/skip.ts": "not counted\n",
  "node_modules/dep/index.js": "not counted\n",
  "notes": "no extension",
};

/** 30 files in one folder and 30 in a second, so a cancellation has something left to skip. */
function bigProject(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) {
    files[`one/f${String(i).padStart(2, "0")}.txt`] = "line\n";
    files[`two/f${String(i).padStart(2, "0")}.txt`] = "line\n";
  }
  return project(files);
}

/**
 * The progress lines h.runTool collected. kit's harness records every onProgress line in
 * h.context.progress (and delivers it as a tool_output event, as a session does); the kit/test typings
 * do not declare that field yet, hence the cast.
 */
const progressOf = (h: Harness) => (h.context as unknown as { progress: { toolName: string; text: string }[] }).progress;

/** The tool as the extension registers it, from a stand-in API that only takes registerTool. */
function registeredTool(): ToolDef {
  let tool: ToolDef | undefined;
  projectStats({ registerTool: (def: ToolDef) => (tool = def) } as unknown as ExtensionAPI);
  if (!tool) throw new Error("custom-tool.ts registered no tool");
  return tool;
}

describe("project_stats through the harness", () => {
  test("is registered with a JSON schema for its one argument", async () => {
    const h = await createHarness().load(EXTENSION);
    assertToolRegistered(h, "project_stats");
    expect(h.tools()).toEqual(["project_stats"]);
    expect(registeredTool().parameters).toEqual({
      type: "object",
      properties: { path: { type: "string", description: expect.stringContaining("relative to the project root") } },
      additionalProperties: false,
    });
  });

  test("counts files and lines per extension, skipping hidden entries and node_modules", async () => {
    const cwd = project(SMALL);
    const h = await createHarness({ cwd }).load(EXTENSION);
    const result = await h.runTool("project_stats", { path: "src" });
    expect(result.isError).toBe(false);
    expect(result.content).toBe("src: 4 files, 9 lines\n.ts\t3 files\t6 lines\n.md\t1 files\t3 lines");
    // runTool also returns the tool's `details` (what a renderer or the session keeps; not in the typings).
    expect((result as { details?: unknown }).details).toEqual({ ".ts": { files: 3, lines: 6 }, ".md": { files: 1, lines: 3 } });

    const whole = await h.runTool("project_stats", {});
    expect(whole.content.split("\n")[0]).toBe(".: 5 files, 10 lines");
    expect(whole.content).toContain("(none)\t1 files\t1 lines");
  });

  test("streams one progress line per directory it scans (onProgress)", async () => {
    const cwd = project(SMALL);
    const h = await createHarness({ cwd }).load(EXTENSION);
    await h.runTool("project_stats", { path: "src" });
    expect(progressOf(h)).toEqual([
      { toolName: "project_stats", text: "scanning . (5 entries)" },
      { toolName: "project_stats", text: "scanning lib (1 entries)" },
    ]);
  });

  test("a directory that does not exist is an error result, not a crash", async () => {
    const h = await createHarness({ cwd: project(SMALL) }).load(EXTENSION);
    const result = await h.runTool("project_stats", { path: "nope" });
    expect(result.isError).toBe(true);
    expect(result.content).toContain("ENOENT");
  });
});

describe("project_stats cancellation", () => {
  /**
   * Runs the tool with its own ToolContext: `cancelAfter` progress lines abort the signal (as the
   * user cancelling the turn does). With `signalOnly`, isCancelled() keeps answering false, so only the
   * signal handed to the file reads can stop the tool.
   */
  async function run(cwd: string, opts: { cancelAfter: number; signalOnly?: boolean }) {
    const h = await createHarness({ cwd }).load(EXTENSION);
    const controller = new AbortController();
    const progress: string[] = [];
    if (opts.cancelAfter === 0) controller.abort();
    const tc: ToolContext = {
      toolCallId: "call-1",
      signal: controller.signal,
      isCancelled: () => (opts.signalOnly ? false : controller.signal.aborted),
      onProgress: (text) => {
        progress.push(text);
        if (progress.length === opts.cancelAfter) controller.abort();
      },
      ctx: h.context,
    };
    try {
      const out = (await registeredTool().execute({}, tc)) as ToolResult;
      return { outcome: "finished" as const, content: out.content, progress };
    } catch (err) {
      return { outcome: "threw" as const, content: (err as Error).message, progress };
    }
  }

  test("not cancelled: the same ToolContext lets it finish", async () => {
    const r = await run(bigProject(), { cancelAfter: -1 });
    expect(r.outcome).toBe("finished");
    expect(r.content.split("\n")[0]).toBe(".: 60 files, 60 lines");
    expect(r.progress).toEqual(["scanning . (2 entries)", "scanning one (30 entries)", "scanning two (30 entries)"]);
  });

  test("cancelled before it starts: stops at once, reading nothing", async () => {
    const r = await run(bigProject(), { cancelAfter: 0 });
    expect(r).toEqual({ outcome: "threw", content: "project_stats was cancelled", progress: [] });
  });

  test("cancelled mid-scan: isCancelled() stops it before the next directory", async () => {
    const r = await run(bigProject(), { cancelAfter: 2 });
    expect(r.outcome).toBe("threw");
    expect(r.content).toBe("project_stats was cancelled");
    // It saw the cancellation right after the progress line of "one" and never got to "two".
    expect(r.progress).toEqual(["scanning . (2 entries)", "scanning one (30 entries)"]);
  });

  test("the abort signal alone stops it too: every file read is given tc.signal", async () => {
    const r = await run(bigProject(), { cancelAfter: 2, signalOnly: true });
    expect(r.outcome).toBe("threw");
    expect(r.content).toBe("project_stats was cancelled");
    expect(r.progress).toEqual(["scanning . (2 entries)", "scanning one (30 entries)"]);
  });

  test("h.runTool cannot be cancelled from a test: the scan runs to the end", async () => {
    const h = await createHarness({ cwd: bigProject() }).load(EXTENSION);
    const result = await h.runTool("project_stats", {});
    expect(result.isError).toBe(false);
    expect(progressOf(h)).toHaveLength(3);
  });
});
