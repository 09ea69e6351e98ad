import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHarness } from "kit/test";

const file = join(import.meta.dir, "project-rules.ts");
const project = mkdtempSync(join(tmpdir(), "project-rules-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("project-rules", () => {
  test("is silent without a rules file, then follows the files as they change, turn by turn", async () => {
    const h = await createHarness({ cwd: project }).load(file);
    const turn = () => h.emit("before_agent_start", { prompt: "go" });

    expect(await turn()).toBeUndefined();
    expect(h.context.prints).toEqual([]);
    expect(h.context.errors).toEqual([]);

    writeFileSync(join(project, "RULES.md"), "Use tabs.\n");
    let result = await turn();
    expect(result?.systemPrompt).toContain("(from RULES.md)");
    expect(result?.systemPrompt).toEndWith("Use tabs.");

    // .kit/rules.md wins over RULES.md, and is re-read every turn.
    mkdirSync(join(project, ".kit"), { recursive: true });
    writeFileSync(join(project, ".kit/rules.md"), "# Rules\nNo semicolons.");
    result = await turn();
    expect(result?.systemPrompt).toContain("(from .kit/rules.md)");
    expect(result?.systemPrompt).toContain("No semicolons.");
    expect(result?.systemPrompt).not.toContain("Use tabs.");

    writeFileSync(join(project, ".kit/rules.md"), "Always write tests.");
    expect((await turn())?.systemPrompt).toContain("Always write tests.");

    // An empty .kit/rules.md falls back to RULES.md; with neither, nothing again.
    writeFileSync(join(project, ".kit/rules.md"), "  \n");
    expect((await turn())?.systemPrompt).toContain("Use tabs.");
    rmSync(join(project, "RULES.md"));
    expect(await turn()).toBeUndefined();
  });
});
