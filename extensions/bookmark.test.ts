import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { SessionMessage } from "kit/ext";
import { assertCommandRegistered, createHarness } from "kit/test";
import type { Bookmark } from "./bookmark.ts";

const file = join(import.meta.dir, "bookmark.ts");
const message = (id: string, role: SessionMessage["role"], content: string): SessionMessage => ({
  id,
  parentId: null,
  role,
  content,
  timestamp: new Date().toISOString(),
});

describe("bookmark", () => {
  test("/bookmark stores the current point and /bookmarks lists the bookmarks", async () => {
    const h = await createHarness().load(file);
    assertCommandRegistered(h, "bookmark");
    assertCommandRegistered(h, "bookmarks");
    expect(await h.runCommand("bookmarks")).toStartWith("No bookmarks yet");

    // The harness's session holds no conversation; give it one to mark.
    const conversation = [message("m1", "user", "add a login page"), message("m2", "assistant", "Done: src/login.tsx\nmore")];
    h.context.getMessages = () => conversation;
    expect(await h.runCommand("bookmark", "  login works ")).toMatch(/^Bookmarked "login works" \(.+, after 2 message\(s\)\)\.$/);

    conversation.push(message("m3", "user", "now refactor"));
    await h.runCommand("bookmark", "before refactor");

    const stored = h.context.entries.filter((e) => e.entryType === "bookmark").map((e) => JSON.parse(e.data) as Bookmark);
    expect(stored).toEqual([
      { label: "login works", messageCount: 2, messageId: "m2", excerpt: "Done: src/login.tsx" },
      { label: "before refactor", messageCount: 3, messageId: "m3", excerpt: "now refactor" },
    ]);

    const list = String(await h.runCommand("bookmarks")).split("\n");
    expect(list[0]).toBe("Bookmarks (2):");
    expect(list[1]).toStartWith("1. login works — ");
    expect(list[1]).toContain('message 2 at "Done: src/login.tsx"');
    expect(list[2]).toStartWith("2. before refactor — ");
  });

  test("needs a label", async () => {
    const h = await createHarness().load(file);
    expect(await h.runCommand("bookmark", "   ")).toBe("usage: /bookmark <label>");
    expect(h.context.entries).toEqual([]);
  });

  test("lists only the bookmarks on the current branch", async () => {
    const h = await createHarness().load(file);
    await h.runCommand("bookmark", "first");
    const firstId = h.context.getEntries("bookmark")[0]!.id;
    await h.runCommand("bookmark", "second");
    // Going back to the first bookmark's point leaves the second on another branch.
    expect(h.context.navigateTo(firstId).success).toBe(true);
    const list = String(await h.runCommand("bookmarks"));
    expect(list).toContain("1. first");
    expect(list).not.toContain("second");
  });
});
