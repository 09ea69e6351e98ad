import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { assertInfo, createHarness } from "kit/test";

const file = join(import.meta.dir, "compact-notify.ts");
const compaction = { estimatedTokens: 170_000, contextLimit: 200_000, messageCount: 42, isAutomatic: true };

describe("compact-notify", () => {
  test("tells how full the context is and lets the compaction go ahead", async () => {
    const h = await createHarness().load(file);
    const result = await h.emit("before_compact", compaction);
    expect(result?.cancel).toBeFalsy();
    assertInfo(h, "automatic compaction: context 85% full (170k of 200k tokens), 42 messages");

    await h.emit("before_compact", { estimatedTokens: 900, contextLimit: 0, usagePercent: 0.5, messageCount: 3 });
    assertInfo(h, "compaction: context 50% full, 3 messages");
  });

  test('vetoes compaction while compact-notify-block is "on"', async () => {
    const h = await createHarness().load(file);
    h.context.setOption("compact-notify-block", "on");
    const result = await h.emit("before_compact", compaction);
    expect(result).toEqual({ cancel: true, reason: "compaction is turned off by the option compact-notify-block" });
    assertInfo(h, "automatic compaction skipped: context 85% full (170k of 200k tokens), 42 messages; compact-notify-block is on");

    h.context.setOption("compact-notify-block", "off");
    expect((await h.emit("before_compact", compaction))?.cancel).toBeFalsy();
  });
});
