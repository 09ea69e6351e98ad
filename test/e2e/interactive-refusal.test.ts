/**
 * A refusal in the terminal UI is not silent: the provider's explanation, or that the model declined,
 * is shown as an error notice after the turn, and the session goes on.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

test("a refusal shows that the model declined; the next prompt is answered", async () => {
  const w = workspace();
  mock.push(text("", { stopReason: "refusal" }), text("a fine answer"));
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  try {
    await t.ready();
    await t.type("something it declines");
    await t.waitForLines("the refusal notice", (lines) => lines.some((l) => l.includes("the model declined to answer")));
    await t.type("something else");
    await t.waitForLines("the next answer", (lines) => lines.some((l) => l.includes("a fine answer")));
    expect(await t.quit()).toBe(0);
  } finally {
    t.kill();
  }
});
