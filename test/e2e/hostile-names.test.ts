/**
 * Names that hold terminal escape sequences (a file in a repository called `ESC]0;…BEL.ts`, a session
 * whose first prompt or name clears the screen) are printed without them by the built binary:
 * `kit install`, `kit extensions list`, `kit sessions list` and `kit sessions export` write no ESC,
 * BEL or other control character a terminal would act on.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { runKit } from "../support/kit-process.ts";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";
import { newUser, startFixture, toolExtension, type Fixture } from "./install-support.ts";
import { onlySession, readLines } from "./sessions-support.ts";

const TITLE = "\x1b]0;pwned\x07";
const CLEAR = "\x1b[2J";
/** Any control character but tab and line feed (ESC, BEL, CR, C1 controls…). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const mock = useMockLLM();
let fx: Fixture;

beforeAll(() => {
  fx = startFixture();
  fx.repo("names.git", {
    [`title${TITLE}.ts`]: toolExtension("title_tool", "Sets the title."),
    [`wipe${CLEAR}/main.ts`]: toolExtension("wipe_tool", `Clears${CLEAR} the screen.`),
  });
});

afterAll(() => fx.close());

describe("names with escape sequences", () => {
  test("kit install and kit extensions list print them without control characters", async () => {
    const user = newUser();
    const install = await user.kit("install", fx.url("names.git"));
    expect(install.exitCode).toBe(0);
    expect(install.stdout).toContain("names/title.ts");
    expect(install.stdout).not.toMatch(CONTROL);
    expect(install.stderr).not.toMatch(CONTROL);

    const list = await user.kit("extensions", "list");
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain("title_tool");
    expect(list.stdout).toContain("wipe_tool");
    expect(list.stdout).not.toMatch(CONTROL);
    expect(list.stderr).not.toMatch(CONTROL);
  });

  test("kit sessions list and export print a first prompt and a session name without control characters", async () => {
    const env = userEnv();
    const cwd = project();
    mock.push(text("done"));
    const run = await runKit(["--provider-url", mock.url, `fix ${CLEAR}the build${TITLE}`], { cwd, env });
    expect(run.exitCode).toBe(0);

    const byPrompt = await runKit(["sessions", "list"], { cwd, env });
    expect(byPrompt.stdout).toContain("fix the build");
    expect(byPrompt.stdout).not.toMatch(CONTROL);

    // A name (session_info, latest wins) that sets the window title.
    const file = onlySession(env, cwd);
    const lines = readLines(file);
    const last = lines[lines.length - 1]!;
    appendFileSync(file, JSON.stringify({ type: "session_info", id: "name0001", parentId: last.id, timestamp: new Date().toISOString(), name: `release ${TITLE}notes` }) + "\n");
    const byName = await runKit(["sessions", "list"], { cwd, env });
    expect(byName.stdout).toContain("release notes");
    expect(byName.stdout).not.toMatch(CONTROL);

    const exported = await runKit(["sessions", "export", lines[0]!.id], { cwd, env });
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain("# release notes");
    expect(exported.stdout).toContain("fix the build");
    expect(exported.stdout).not.toMatch(CONTROL);
  });
});
