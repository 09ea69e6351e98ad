/**
 * Resource templates as `@mcp:` references are typed: the hub lists server-everything's templates and
 * asks the server (over stdio) to complete the parameter being typed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { McpHub } from "../../src/mcp/hub.ts";
import { parseServerEntry } from "../../src/mcp/config.ts";
import { templateArgument } from "../../src/mcp/resource-templates.ts";
import { everythingStdio } from "../e2e/mcp-support.ts";
import { tempDir } from "../support/temp-dir.ts";

let hub: McpHub;
beforeAll(async () => {
  const server = parseServerEntry("ev", { type: "local", command: everythingStdio() }, "test")!;
  const reports: string[] = [];
  hub = new McpHub([server], {
    cwd: process.cwd(),
    env: process.env,
    version: "0.0.0",
    dataDir: tempDir("kit-mcp-data-"),
    canLogIn: false,
    showLoginUrl: () => {},
    report: (m) => reports.push(m),
    requests: {} as never,
  });
  await hub.startAll();
  expect(reports).toEqual([]);
}, 30_000);
afterAll(() => hub.closeAll());

test("the server's resource templates are offered, inserted up to their first parameter", () => {
  expect(hub.resourceTemplateRefs()).toContainEqual({ ref: "mcp:ev:demo://resource/dynamic/text/{resourceId}", head: "mcp:ev:demo://resource/dynamic/text/" });
});

test("the parameter being typed is completed by the server's completion/complete", async () => {
  expect(await hub.completeResourceRef("mcp:ev:demo://resource/dynamic/text/12")).toEqual(["mcp:ev:demo://resource/dynamic/text/12"]);
  // server-everything suggests only positive integers: nothing for a word.
  expect(await hub.completeResourceRef("mcp:ev:demo://resource/dynamic/text/abc")).toEqual([]);
  // Not inside a template's parameter: nothing to ask.
  expect(hub.completeResourceRef("mcp:ev:demo://resource/dyn")).toBeUndefined();
  expect(hub.completeResourceRef("mcp:nope:demo://resource/dynamic/text/1")).toBeUndefined();
});

test("a template's parameters are found in the typed URI, with the values given before the one being typed", () => {
  expect(templateArgument("repo://{owner}/{name}/file", "repo://ada/ker")).toEqual({ name: "name", value: "ker", earlier: { owner: "ada" }, head: "repo://ada/" });
  expect(templateArgument("repo://{owner}/{name}/file", "repo://ada/kit/fi")).toBeUndefined();
  expect(templateArgument("repo://{owner}", "other://x")).toBeUndefined();
});
