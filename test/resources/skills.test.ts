import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { discoverSkills, loadSkill, loadSkillsFromDir, parseSkill, skillBlock, skillCatalogue } from "../../src/resources/skills.ts";
import { tempDir } from "./helpers.ts";

describe("parseSkill", () => {
  test("every front matter field; other keys and a metadata mapping go to metadata", () => {
    const text = [
      "---",
      "name: pdf-tools",
      "description: Fill PDF forms",
      "tags: pdf, forms",
      "when: on-demand",
      "allowed-tools: [bash, read]",
      "disable-model-invocation: true",
      "license: MIT",
      "metadata:",
      "  author: ada",
      "  version: 2",
      "---",
      "Use pdftk.",
      "",
    ].join("\n");
    expect(parseSkill("/s/pdf/SKILL.md", text)).toEqual({
      name: "pdf-tools",
      description: "Fill PDF forms",
      content: "Use pdftk.\n",
      path: "/s/pdf/SKILL.md",
      tags: ["pdf", "forms"],
      when: "on-demand",
      allowedTools: "bash, read",
      disableModelInvocation: true,
      metadata: { author: "ada", version: "2", license: "MIT" },
    });
  });

  test("without a name: the folder of a SKILL.md, else the file name", () => {
    expect(parseSkill("/s/git-flow/skill.md", "Steps.").name).toBe("git-flow");
    expect(parseSkill("/s/commit-style.md", "---\ndescription: d\n---\nx").name).toBe("commit-style");
    expect(parseSkill("/s/plain.md", "Just text.")).toEqual({ name: "plain", description: "", content: "Just text.", path: "/s/plain.md" });
  });

  test("bad front matter is an error naming the file", () => {
    const dir = tempDir({ "bad.md": "---\nname: [oops\n---\nx" });
    expect(() => loadSkill("bad.md", dir)).toThrow(`${join(dir, "bad.md")}:3:1: invalid front matter`);
    expect(() => loadSkill("missing.md", dir)).toThrow(`cannot read skill ${join(dir, "missing.md")}`);
  });
});

describe("loadSkillsFromDir", () => {
  test("*.md files and each folder's SKILL.md (any case), by name; broken files are reported, the rest load", () => {
    const dir = tempDir({
      "zeta.md": "---\ndescription: z\n---\nz",
      "alpha/SKILL.md": "---\ndescription: a\n---\na",
      "beta/Skill.md": "b",
      "gamma/notes.txt": "not a skill",
      "broken.md": "---\ndescription: [\n---\n",
      "readme.txt": "ignored",
    });
    const loaded = loadSkillsFromDir(dir);
    expect(loaded.skills.map((s) => s.name)).toEqual(["alpha", "beta", "zeta"]);
    expect(loaded.error).toContain(`${join(dir, "broken.md")}:3:1: invalid front matter`);
    expect(loadSkillsFromDir("nope", dir).error).toBe(`not a directory: ${join(dir, "nope")}`);
  });
});

describe("discoverSkills", () => {
  const layout = () => {
    const config = tempDir({ "skills/review.md": "---\ndescription: global review\n---\ng", "skills/global-only.md": "---\ndescription: g\n---\ng" });
    const cwd = tempDir({
      ".agents/skills/review/SKILL.md": "---\ndescription: agents review\n---\na",
      ".kit/skills/review.md": "---\ndescription: kit review\n---\nk",
      ".kit/skills/deploy.md": "---\ndescription: deploy\n---\nd",
      "extra/lint/SKILL.md": "---\ndescription: lint\n---\nl",
      "more/one.md": "---\ndescription: one\n---\n1",
      "single.md": "---\nname: review\ndescription: explicit review\n---\ne",
    });
    return { config, cwd };
  };

  test("global, .agents/skills, .kit/skills: a later one of the same name wins", () => {
    const { config, cwd } = layout();
    const found = discoverSkills({ cwd, configDir: config });
    expect(found.error).toBeUndefined();
    expect(found.skills.map((s) => `${s.name}:${s.description}`)).toEqual(["global-only:g", "deploy:deploy", "review:kit review"]);
  });

  test("--skills-dir and --skill add to them (a skill folder, a folder of skills, a file) and win; --skill-disable drops by name", () => {
    const { config, cwd } = layout();
    const found = discoverSkills({ cwd, configDir: config, dirs: ["more"], paths: ["extra/lint", "single.md"], disabled: ["deploy"] });
    expect(found.skills.map((s) => `${s.name}:${s.description}`)).toEqual(["global-only:g", "one:one", "lint:lint", "review:explicit review"]);
  });

  test("--no-skills: only the explicit ones; a missing explicit path is reported", () => {
    const { config, cwd } = layout();
    const found = discoverSkills({ cwd, configDir: config, noDiscovery: true, paths: ["single.md", "gone.md"] });
    expect(found.skills.map((s) => s.name)).toEqual(["review"]);
    expect(found.error).toContain(`cannot read skill ${join(cwd, "gone.md")}`);
  });
});

describe("what the model sees", () => {
  const review = parseSkill("/p/review/SKILL.md", '---\ndescription: Review <diffs> & "patches"\n---\nRead the diff.\n');
  const secret = parseSkill("/p/secret.md", "---\ndescription: user only\ndisable-model-invocation: true\n---\nx");
  const style = parseSkill("/p/style.md", "---\ndescription: House style\nwhen: always\n---\nShort sentences.\n");

  test("the catalogue lists on-demand skills, includes 'always' skills whole, and leaves out user-only ones", () => {
    const catalogue = skillCatalogue([review, secret, style]);
    expect(catalogue).toContain('<skill name="review" location="/p/review/SKILL.md">Review &lt;diffs> &amp; "patches"</skill>');
    expect(catalogue).toContain("load the skill with the skill tool");
    expect(catalogue).not.toContain("secret");
    expect(catalogue).toContain('Skills that always apply:\n\n<skill name="style" location="/p/style.md">\nShort sentences.\n</skill>');
    expect(catalogue).not.toContain('<skill name="style" location="/p/style.md">House style');
    expect(skillCatalogue([secret])).toBe("");
  });

  test("a loaded skill is its text in a block naming its file", () => {
    expect(skillBlock(review)).toBe('<skill name="review" location="/p/review/SKILL.md">\nRead the diff.\n</skill>');
  });
});
