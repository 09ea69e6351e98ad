import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  discoverPromptTemplates,
  expandPromptTemplate,
  modelMatches,
  parsePromptTemplate,
  parseTemplate,
  renderTemplate,
  renderWithModelConditionals,
  requiredArgumentCount,
  simpleParseArguments,
  splitFields,
  substituteArguments,
} from "../../src/resources/templates.ts";
import { tempDir } from "./helpers.ts";

describe("prompt template files", () => {
  test("name from the file, description and argument hint from the front matter, body trimmed", () => {
    expect(parsePromptTemplate("/p/review.md", "---\ndescription: Review a file\nargument-hint: <file> [focus]\n---\n\nReview $1.\n")).toEqual({
      name: "review",
      description: "Review a file",
      argumentHint: "<file> [focus]",
      content: "Review $1.",
      path: "/p/review.md",
    });
    expect(parsePromptTemplate("/p/plain.md", "Say $@")).toEqual({ name: "plain", description: "", content: "Say $@", path: "/p/plain.md" });
  });

  test("global, then project, then --prompt-template files and folders: a later one of the same name wins", () => {
    const config = tempDir({ "prompts/fix.md": "global fix", "prompts/only-global.md": "g" });
    const cwd = tempDir({ ".kit/prompts/fix.md": "project fix", ".kit/prompts/notes.txt": "ignored", "mine/fix.md": "explicit fix", "dir/extra.md": "extra" });
    const all = discoverPromptTemplates({ cwd, configDir: config, paths: ["mine/fix.md", "dir", "missing.md"] });
    expect(all.templates.map((t) => `${t.name}=${t.content}`)).toEqual(["only-global=g", "fix=explicit fix", "extra=extra"]);
    expect(all.errors).toEqual([`--prompt-template ${join(cwd, "missing.md")}: no such file or directory`]);
    const none = discoverPromptTemplates({ cwd, configDir: config, noDiscovery: true, paths: ["dir"] });
    expect(none.templates.map((t) => t.name)).toEqual(["extra"]);
  });
});

describe("argument substitution", () => {
  const args = ["a", "b c", "d", "e"];
  test("$N, ${N}, $@, $ARGUMENTS, ${ARGUMENTS}, ${@:N}, ${@:N:L}; missing ones are empty", () => {
    expect(substituteArguments("$1|${2}|$5|$@|$ARGUMENTS|${ARGUMENTS}|${@}|${@:2}|${@:2:2}|${@:9}", args)).toBe("a|b c||a b c d e|a b c d e|a b c d e|a b c d e|b c d e|b c d|");
  });

  test("nothing inside fenced code blocks is replaced; text after a fence is", () => {
    const content = "Fix $1.\n```sh\necho $1 $@\n```\nthen ~~~ is not a fence here\n~~~\n${@:2}\n~~~\nand $2";
    expect(substituteArguments(content, ["x", "y"])).toBe("Fix x.\n```sh\necho $1 $@\n```\nthen ~~~ is not a fence here\n~~~\n${@:2}\n~~~\nand y");
    expect(requiredArgumentCount(content)).toBe(2);
    expect(requiredArgumentCount("```\n$9\n```\n$@")).toBe(0);
  });

  test("expansion splits arguments like a shell (quotes keep spaces) and refuses too few", () => {
    const tpl = parsePromptTemplate("/p/move.md", "---\nargument-hint: <from> <to>\n---\nMove $1 to $2. ${@:3}");
    expect(expandPromptTemplate(tpl, '"old name.ts" new.ts and update imports')).toEqual({ text: "Move old name.ts to new.ts. and update imports" });
    expect(expandPromptTemplate(tpl, "only-one")).toEqual({ error: "/move needs 2 arguments ($1…$2), got 1 (usage: /move <from> <to>)" });
    expect(expandPromptTemplate(parsePromptTemplate("/p/say.md", "Say $1"), "")).toEqual({ error: "/say needs 1 argument ($1), got 0" });
    expect(expandPromptTemplate(parsePromptTemplate("/p/any.md", "All: $@"), "")).toEqual({ text: "All: " });
  });
});

describe("the Context's text helpers", () => {
  test("{{variable}} templates", () => {
    const tpl = parseTemplate("t", "{{a}} and {{ b }} and {{a}} and {{missing}}");
    expect(tpl.variables).toEqual(["a", "b", "missing"]);
    expect(renderTemplate(tpl, { a: "1", b: "2" })).toBe("1 and 2 and 1 and {{missing}}");
  });

  test("fields and simple arguments", () => {
    expect(splitFields(` one "two three" 'four' five`)).toEqual(["one", "two three", "four", "five"]);
    expect(simpleParseArguments("x y z", 1)).toEqual(["x y z", "x", "y z"]);
  });

  test("model conditionals", () => {
    expect(modelMatches("claude-*", "anthropic/claude-haiku-4-5")).toBe(true);
    expect(modelMatches("openai/*, gpt-?", "openai/o3")).toBe(true);
    expect(modelMatches("gpt-*", "anthropic/claude-haiku-4-5")).toBe(false);
    expect(renderWithModelConditionals('<if-model is="gpt-*">G<else>other</if-model>|<if-model is="*haiku*">H</if-model>', "anthropic/claude-haiku-4-5")).toBe("other|H");
  });
});
