import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { assertCommandRegistered, createHarness } from "kit/test";

const file = join(import.meta.dir, "pirate-persona.ts");

describe("pirate-persona", () => {
  test("is off until /pirate on, and off again after /pirate off", async () => {
    const h = await createHarness().load(file);
    assertCommandRegistered(h, "pirate");
    const turn = () => h.emit("before_agent_start", { prompt: "explain the build" });

    expect(await turn()).toBeUndefined();

    expect(await h.runCommand("pirate", "on")).toContain("Arr!");
    expect(h.context.state.get("pirate-persona")).toBe("on");
    expect((await turn())?.systemPrompt).toContain("pirate");

    expect(await h.runCommand("pirate", "off")).toBe("Pirate persona off.");
    expect(h.context.getState("pirate-persona")).toBe("off");
    expect(await turn()).toBeUndefined();
  });

  test("toggles without an argument and refuses anything else", async () => {
    const h = await createHarness().load(file);
    await h.runCommand("pirate");
    expect(h.context.getState("pirate-persona")).toBe("on");
    await h.runCommand("/pirate");
    expect(h.context.getState("pirate-persona")).toBe("off");
    expect(await h.runCommand("pirate", "maybe")).toBe("usage: /pirate on|off");
    expect(h.context.getState("pirate-persona")).toBe("off");
  });

  test("follows the state a resumed session brings along", async () => {
    const h = await createHarness().load(file);
    h.context.setState("pirate-persona", "on");
    expect((await h.emit("before_agent_start", {}))?.systemPrompt).toContain("Arr");
  });
});
