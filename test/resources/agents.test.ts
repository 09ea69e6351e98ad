import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { agentCatalogue, BUILTIN_AGENTS, discoverAgents, parseAgent } from "../../src/resources/agents.ts";
import { buildSystemPrompt } from "../../src/resources/system-prompt.ts";
import { parseSkill } from "../../src/resources/skills.ts";
import { tempDir } from "./helpers.ts";

describe("parseAgent", () => {
  test("name from the file, prompt from the body, every front matter field", () => {
    const text = "---\ndescription: Reviews diffs\nmodel: openai/gpt-5.5\ntools: [read, grep]\ntemperature: 0.2\ntimeout: 90\nhidden: true\n---\n\nYou review.\n";
    expect(parseAgent("/a/reviewer.md", text, "user")).toEqual({
      name: "reviewer",
      description: "Reviews diffs",
      model: "openai/gpt-5.5",
      tools: ["read", "grep"],
      temperature: 0.2,
      timeoutMs: 90_000,
      hidden: true,
      disabled: false,
      systemPrompt: "You review.",
      path: "/a/reviewer.md",
      source: "user",
    });
    expect(parseAgent("/a/quick.md", "---\ndescription: d\ntools: read, ls\ntimeout: 0.5\n---\nx")).toMatchObject({ tools: ["read", "ls"], timeoutMs: 500 });
  });

  test("a description is required", () => {
    expect(() => parseAgent("/a/x.md", "---\nmodel: a/b\n---\nPrompt")).toThrow("agent x: the front matter needs a description");
  });
});

describe("discoverAgents", () => {
  test("built-ins general and explore (read-only) when nothing else is there", () => {
    const found = discoverAgents({ cwd: tempDir(), configDir: tempDir() });
    expect(found.agents.map((a) => [a.name, a.source, a.tools ?? null])).toEqual([
      ["general", "builtin", null],
      ["explore", "builtin", ["read", "grep", "find", "ls"]],
    ]);
  });

  test(".agents/agents over .kit/agents over the user's over the built-ins; disabled removes what it shadows; broken files are reported", () => {
    const config = tempDir({ "agents/general.md": "---\ndescription: user general\n---\nu", "agents/mine.md": "---\ndescription: user mine\n---\nm" });
    const cwd = tempDir({
      ".kit/agents/mine.md": "---\ndescription: kit mine\n---\nk",
      ".kit/agents/explore.md": "---\ndescription: off\ndisabled: true\n---\n",
      ".agents/agents/mine.md": "---\ndescription: agents mine\n---\na",
      ".agents/agents/broken.md": "no front matter at all",
    });
    const found = discoverAgents({ cwd, configDir: config });
    expect(found.agents.map((a) => `${a.name}:${a.description}:${a.source}`)).toEqual(["mine:agents mine:project", "general:user general:user"]);
    expect(found.errors).toEqual([`${join(cwd, ".agents/agents/broken.md")}: agent broken: the front matter needs a description (the model chooses agents by it)`]);
  });

  test("--no-agents: none, not even the built-ins", () => {
    expect(discoverAgents({ cwd: tempDir(), configDir: tempDir(), none: true }).agents).toEqual([]);
  });

  test("the catalogue leaves hidden agents out", () => {
    const hidden = parseAgent("/a/secret.md", "---\ndescription: s\nhidden: true\n---\n");
    expect(agentCatalogue([...BUILTIN_AGENTS, hidden])).toBe(BUILTIN_AGENTS.map((a) => `- ${a.name}: ${a.description}`).join("\n"));
  });
});

describe("the system prompt", () => {
  const base = { cwd: "/nowhere-kit-test", configDir: "/nowhere-kit-config", date: new Date("2026-01-02T00:00:00Z") };
  const skill = parseSkill("/s/review.md", "---\ndescription: Review code\n---\nx");

  test("skills and named agents are listed when their tools are offered", () => {
    const prompt = buildSystemPrompt({ ...base, tools: [{ name: "skill", description: "Load a skill" }, { name: "subagent", description: "Delegate" }], skills: [skill], agents: [...BUILTIN_AGENTS] });
    expect(prompt).toContain('<skill name="review" location="/s/review.md">Review code</skill>');
    expect(prompt).toContain(`Named agents for the subagent tool (its \`agent\` argument):\n- general: ${BUILTIN_AGENTS[0]!.description}`);
    expect(prompt.indexOf("<available_skills>")).toBeLessThan(prompt.indexOf("Working directory:"));
  });

  test("and not without them", () => {
    const prompt = buildSystemPrompt({ ...base, tools: [{ name: "read", description: "Read" }], skills: [skill], agents: [...BUILTIN_AGENTS] });
    expect(prompt).not.toContain("available_skills");
    expect(prompt).not.toContain("Named agents");
  });
});
