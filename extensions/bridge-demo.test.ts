// Tests of bridge-demo.ts through kit/test: skills from files, templates rendered into prompts, model queries.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertCommandRegistered, assertMessageSent, createHarness, type Harness, type MockContext } from "kit/test";

const EXT = `${import.meta.dir}/bridge-demo.ts`;
const project = realpathSync(mkdtempSync(join(tmpdir(), "kit-bridge-demo-")));
afterAll(() => rmSync(project, { recursive: true, force: true }));
mkdirSync(join(project, "skills", "review"), { recursive: true });
writeFileSync(join(project, "skills", "review", "SKILL.md"), "---\nname: review\ndescription: Review a change\n---\nRead the diff first.\n");
writeFileSync(join(project, "skills", "style.md"), "---\ndescription: House style\n---\nShort sentences.\n");
writeFileSync(join(project, "deploy.md"), "---\nname: deploy\ndescription: Ship it\n---\nRun make deploy.\n");

/** kit's harness records injected skills, beyond the contract's MockContext. */
const injected = (h: Harness) => (h.context as MockContext & { readonly injectedSkills: readonly string[] }).injectedSkills;

test("registers its commands", async () => {
  const h = await createHarness().load(EXT);
  for (const name of ["skills", "skill-load", "with-skill", "review", "compare", "model-info", "use-model"]) assertCommandRegistered(h, name);
});

test("skills: load a folder and a file, list them, inject by name and by path", async () => {
  const h = await createHarness({ cwd: project }).load(EXT);
  expect(await h.runCommand("skills")).toBe("discovered: (none)\navailable: (none)");
  expect(await h.runCommand("skill-load", "skills")).toBe("loaded review, style");
  expect(await h.runCommand("skill-load", "deploy.md")).toBe("loaded deploy: Ship it");
  expect(await h.runCommand("skills")).toBe("discovered: review, style, deploy\navailable: review, style, deploy");
  expect(await h.runCommand("with-skill", "review check the last commit")).toBe("using review");
  expect(await h.runCommand("with-skill", "deploy.md ship the release")).toBe("using deploy.md");
  expect(injected(h)).toEqual(["review", join(project, "deploy.md")]);
  expect(h.context.sentMessages).toEqual(["check the last commit", "ship the release"]);
  await expect(h.runCommand("with-skill", "nope do it")).rejects.toThrow('unknown skill "nope"');
});

test("/review fills its template from parsed arguments and the model conditional", async () => {
  const h = await createHarness({ model: "anthropic/claude-sonnet-4-5" }).load(EXT);
  expect(await h.runCommand("review", "src/app.ts --focus 'error handling' --strict")).toBe("review of src/app.ts requested (template variables: path, focus, strictness)");
  assertMessageSent(h, "Review src/app.ts and report problems, most serious first.\nFocus: error handling. Treat every warning as an error.\nThink it through before you answer.");
  expect(await h.runCommand("review", "--strict")).toBe("missing argument: path (usage: /review <path> [--focus text] [--strict])");
});

test("/review gives a non-Claude model the other branch of the conditional", async () => {
  const h = await createHarness({ model: "openai/gpt-5.5" }).load(EXT);
  await h.runCommand("review", "lib.py");
  assertMessageSent(h, "Review lib.py and report problems, most serious first.\nFocus: correctness.\nBe brief.");
});

test("/compare uses the positional arguments and the rest", async () => {
  const h = await createHarness().load(EXT);
  expect(await h.runCommand("compare", '"old parser" new_parser keep the tests')).toBe("comparing old parser and new_parser");
  assertMessageSent(h, "Compare old parser with new_parser: what each does, how they differ, and which to keep. Notes: keep the tests");
  expect(await h.runCommand("compare", "only-one")).toBe("usage: /compare <a> <b> [notes…]");
});

test("/model-info and /use-model: capabilities, availability, the first available model of a chain", async () => {
  const h = await createHarness({ model: "anthropic/claude-sonnet-4-5" }).load(EXT);
  const info = String(await h.runCommand("model-info"));
  expect(info).toContain("current: provider anthropic, model claude-sonnet-4-5 (a Claude model)");
  expect(info).toContain("context 200000");
  expect(info).toContain("available now: yes");
  expect(String(await h.runCommand("model-info", "custom/llama"))).toContain("custom/llama: llama, context unknown, output unknown, no reasoning, price unknown\navailable now: no");
  expect(await h.runCommand("use-model", "openai/nope, openai/gpt-5.5")).toStartWith("switched to openai/gpt-5.5 (tried openai/nope, openai/gpt-5.5;");
  expect(h.context.model).toBe("openai/gpt-5.5");
  expect(await h.runCommand("use-model", "x/y")).toBe("no model switched: none of these models is available: x/y (tried x/y)");
});
