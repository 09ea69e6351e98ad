import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { assertInfo, createHarness } from "kit/test";

const file = join(import.meta.dir, "notify-on-agent-end.ts");
const longTurn = {
  toolNames: ["bash", "read", "bash", "edit", "bash"],
  inputTokensDelta: 12000,
  outputTokensDelta: 800,
  costDelta: 0.0456,
  durationMs: 12_300,
};
const expectedLine = "turn done in 12.3 s: 5 tool call(s): bash ×3, read, edit; 12000 in / 800 out tokens, $0.0456";

describe("notify-on-agent-end", () => {
  test("summarizes the turn, and rings the bell with a desktop notification after a long one", async () => {
    const h = await createHarness().load(file);
    await h.emit("agent_end", longTurn);
    assertInfo(h, expectedLine);
    expect(h.context.prints).toEqual([`\x07\x1b]9;kit: ${expectedLine}\x07`]);
  });

  test("stays quiet after a short turn", async () => {
    const h = await createHarness().load(file);
    await h.emit("agent_end", { durationMs: 2_000, stopReason: "cancelled" });
    assertInfo(h, "turn cancelled in 2.0 s: no tools; 0 in / 0 out tokens");
    expect(h.context.prints).toEqual([]);
  });

  test("says how a turn ended that did not simply finish: a refusal, the output limit", async () => {
    const h = await createHarness().load(file);
    await h.emit("agent_end", { durationMs: 1_000, stopReason: "refusal", providerStopReason: "refusal" });
    await h.emit("agent_end", { durationMs: 1_000, stopReason: "max_tokens", providerStopReason: "max_tokens" });
    expect(h.context.infos.map((l) => l.split(" in ")[0])).toEqual(["turn refused by the model", "turn cut at the output limit"]);
  });

  test("uses the threshold of option notify-on-agent-end-seconds", async () => {
    const h = await createHarness().load(file);
    h.context.setOption("notify-on-agent-end-seconds", "1");
    await h.emit("agent_end", { durationMs: 1_500, stopReason: "error" });
    expect(h.context.infos[0]).toStartWith("turn failed in 1.5 s");
    expect(h.context.prints).toHaveLength(1);
    expect(h.context.prints[0]).toStartWith("\x07\x1b]9;kit: turn failed");
  });

  test("never rings in a headless run", async () => {
    const h = await createHarness({ interactive: false }).load(file);
    await h.emit("agent_end", { ...longTurn, durationMs: 90_000 });
    assertInfo(h, expectedLine.replace("12.3 s", "1 min 30 s"));
    expect(h.context.prints).toEqual([]);
  });
});
