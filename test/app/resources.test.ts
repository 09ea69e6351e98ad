/**
 * Skills, prompt templates and named agents in the app: what the flags load, `/skill:name` and
 * `/template args` inputs, skills injected by extensions, and the skill tool the model loads them with.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { expandInput, loadAppResources, skillToolFor, type AppResources } from "../../src/app/resources.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { FlagValues } from "../../src/config/coerce.ts";
import { UsageError } from "../../src/errors.ts";
import { startMockLLM, text, type MockLLM } from "../support/mock-llm.ts";
import { messagesOf, tempDir, testApp, toolNames } from "./helpers.ts";

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  expect(mock.remaining()).toBe(0);
});

const PROJECT = {
  ".kit/skills/deploy/SKILL.md": "---\ndescription: Ship a release\n---\nRun make release.\n",
  ".kit/skills/secrets.md": "---\ndescription: Rotate keys\ndisable-model-invocation: true\n---\nAsk first.\n",
  ".kit/prompts/review.md": "---\ndescription: Review a file\nargument-hint: <file> [focus]\n---\nReview $1 focusing on ${@:2}.\n```\nkeep $1\n```",
  ".kit/agents/scout.md": "---\ndescription: Looks around\ntools: [ls]\n---\nScout.",
  "elsewhere/lint.md": "---\ndescription: Lint rules\n---\nNo semicolons.\n",
};

function load(flags: FlagValues = {}, files: Record<string, string> = PROJECT): { resources: AppResources; warnings: string[]; cwd: string } {
  const cwd = tempDir(files);
  const home = tempDir();
  const config = loadConfig({ cwd, env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config") }, flags });
  const warnings: string[] = [];
  return { resources: loadAppResources(config, cwd, (w) => warnings.push(w)), warnings, cwd };
}

describe("loading", () => {
  test("the project's skills, templates and agents (with the built-ins)", () => {
    const { resources, warnings } = load();
    expect(warnings).toEqual([]);
    expect(resources.skills.list().map((s) => s.name)).toEqual(["deploy", "secrets"]);
    expect(resources.templates.map((t) => t.name)).toEqual(["review"]);
    expect(resources.agents.map((a) => a.name)).toEqual(["scout", "general", "explore"]);
  });

  test("--skill, --skill-disable, --no-skills, --no-prompt-templates, --no-agents", () => {
    const { resources } = load({ skill: ["elsewhere/lint.md"], "skill-disable": ["secrets"], "no-prompt-templates": true, "no-agents": true });
    expect(resources.skills.list().map((s) => s.name)).toEqual(["deploy", "lint"]);
    expect(resources.templates).toEqual([]);
    expect(resources.agents).toEqual([]);
    expect(load({ "no-skills": true }).resources.skills.list()).toEqual([]);
    expect(load({ "no-skills": true, "skills-dir": "elsewhere" }).resources.skills.list().map((s) => s.name)).toEqual(["lint"]);
  });

  test("broken files are warned about and skipped", () => {
    const { resources, warnings } = load({}, { ".kit/skills/bad.md": "---\n[\n---\n", ".kit/agents/nodesc.md": "no front matter" });
    expect(resources.skills.list()).toEqual([]);
    expect(warnings.some((w) => w.startsWith("skills: ") && w.includes("bad.md"))).toBe(true);
    expect(warnings.some((w) => w.startsWith("named agents: ") && w.includes("nodesc.md"))).toBe(true);
  });
});

describe("expandInput", () => {
  const { resources } = load();
  test("a template fills its arguments, outside code fences", () => {
    expect(expandInput("/review src/a.ts error handling", resources)).toEqual({ context: [], text: "Review src/a.ts focusing on error handling.\n```\nkeep $1\n```" });
  });
  test("too few arguments is a usage error", () => {
    expect(() => expandInput("/review", resources)).toThrow(new UsageError("/review needs 1 argument ($1), got 0 (usage: /review <file> [focus])"));
  });
  test("/skill:name puts the skill before the rest, user-only skills included; an unknown one is an error", () => {
    const expanded = expandInput("/skill:secrets rotate the keys", resources);
    expect(expanded.text).toBe("rotate the keys");
    expect(expanded.context[0]).toStartWith('<skill name="secrets"');
    expect(expanded.context[0]).toContain("Ask first.");
    expect(() => expandInput("/skill:nope x", resources)).toThrow('no skill named "nope"; the skills are: deploy, secrets');
  });
  test("anything else is left alone", () => {
    expect(expandInput("/unknown a b", resources)).toEqual({ context: [], text: "/unknown a b" });
    expect(expandInput("plain words", resources)).toEqual({ context: [], text: "plain words" });
  });
});

describe("in the app", () => {
  test("`/template args` sends the filled template; too few arguments sends nothing and keeps the session as it was", async () => {
    const { resources, cwd } = load();
    const { app, session } = testApp({ mock, cwd, resources, inMemory: true });
    const before = mock.requests.length;
    mock.push(text("reviewed"));
    await app.submit("/review lib.ts speed", "cli");
    expect(messagesOf(mock.requests[before]!.body)).toEqual(["user: Review lib.ts focusing on speed.\n```\nkeep $1\n```"]);
    const size = session.size;
    await expect(app.submit("/review", "cli")).rejects.toThrow("/review needs 1 argument");
    expect(session.size).toBe(size);
    expect(mock.requests.length).toBe(before + 1);
  });

  test("`/skill:name task` and skills injected by an extension go before the prompt, once", async () => {
    const { resources, cwd } = load();
    const { app } = testApp({ mock, cwd, resources, inMemory: true });
    const before = mock.requests.length;
    mock.push(text("released"), text("rotated"), text("plain"));
    await app.submit("/skill:deploy ship 1.2", "cli");
    app.skills.injectSkillAsContext("secrets");
    app.skills.injectRawSkillAsContext("elsewhere/lint.md");
    await app.submit("rotate", "cli");
    await app.submit("nothing injected now", "cli");
    const [first, second, third] = mock.requests.slice(before).map((r) => r.body.messages.at(-1).content.map((b: any) => b.text));
    expect(first).toHaveLength(2);
    expect(first[0]).toContain("Run make release.");
    expect(first[1]).toBe("ship 1.2");
    expect(second).toHaveLength(3);
    expect(second[0]).toContain("Ask first.");
    expect(second[1]).toContain("No semicolons.");
    expect(second[2]).toBe("rotate");
    expect(third).toEqual(["nothing injected now"]);
    expect(() => app.skills.injectSkillAsContext("ghost")).toThrow('unknown skill "ghost"; the skills are: deploy, secrets');
    expect(app.skills.getAvailableSkills().map((s) => s.name)).toEqual(["deploy", "secrets"]);
    expect(app.skills.loadSkill("elsewhere/lint.md").name).toBe("lint");
    expect(app.skills.getAvailableSkills().map((s) => s.name)).toEqual(["deploy", "secrets", "lint"]);
    expect(app.skills.discoverSkills().skills.map((s) => s.name)).toEqual(["deploy", "secrets"]);
  });

  test("the skill tool loads a listed skill for the model; user-only ones are refused", async () => {
    const { resources, cwd } = load();
    const tool = skillToolFor(resources.skills)!;
    const { app } = testApp({ mock, cwd, resources, inMemory: true, extraTools: [tool] });
    const before = mock.requests.length;
    mock.push(
      { kind: "reply", toolCalls: [{ id: "a", name: "skill", input: { name: "deploy" } }, { id: "b", name: "skill", input: { name: "secrets" } }] },
      text("done"),
    );
    await app.submit("release it", "cli");
    const [first, second] = mock.requests.slice(before);
    expect(toolNames(first!.body)).toContain("skill");
    const results = messagesOf(second!.body).at(-1)!;
    expect(results).toContain('[result] <skill name="deploy"');
    expect(results).toContain("Run make release.");
    expect(results).toContain('[result] no skill named "secrets"; the skills are: deploy');
    expect(skillToolFor(load({ "no-skills": true }).resources.skills)).toBeUndefined();
  });
});
