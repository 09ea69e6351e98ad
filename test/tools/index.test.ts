import { describe, expect, test } from "bun:test";
import { CORE_TOOL_NAMES, createCoreTools } from "../../src/tools/index.ts";
import { options, tempDir } from "./helpers.ts";

describe("createCoreTools", () => {
  const tools = createCoreTools(options(tempDir(), { bashTimeout: 90, bashMaxTimeout: 300 }));

  test("creates the seven built-in tools in contract order", () => {
    expect(tools.map((t) => t.name)).toEqual(["read", "write", "edit", "bash", "grep", "find", "ls"]);
    expect(tools.map((t) => t.name)).toEqual([...CORE_TOOL_NAMES]);
  });

  test("kinds and read-only flags", () => {
    expect(Object.fromEntries(tools.map((t) => [t.name, [t.kind, t.readOnly]]))).toEqual({
      read: ["read", true],
      write: ["edit", false],
      edit: ["edit", false],
      bash: ["execute", false],
      grep: ["search", true],
      find: ["search", true],
      ls: ["read", true],
    });
  });

  test("every schema is an object schema whose required parameters are described", () => {
    for (const tool of tools) {
      expect(tool.description.length).toBeGreaterThan(20);
      const schema = tool.parameters as { type: string; properties: Record<string, { description?: string }>; required?: string[] };
      expect(schema.type).toBe("object");
      for (const name of schema.required ?? []) expect(schema.properties[name]?.description).toBeTruthy();
    }
  });

  test("bash tells the model its configured timeouts", () => {
    const bash = tools.find((t) => t.name === "bash")!;
    expect(bash.description).toContain("Timeout 90 s by default, 300 s at most");
  });
});
