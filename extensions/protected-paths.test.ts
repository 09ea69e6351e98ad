import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { assertBlocked, assertNotBlocked, createHarness } from "kit/test";
import { writeTargets } from "./protected-paths.ts";

const file = join(import.meta.dir, "protected-paths.ts");
const project = "/work/project";
const load = () => createHarness({ cwd: project }).load(file);

describe("protected-paths", () => {
  test("blocks write and edit on the default protected paths", async () => {
    const h = await load();
    assertBlocked(await h.emit("tool_call", { toolName: "write", args: { path: ".env", content: "KEY=1" } }), '".env"');
    assertBlocked(await h.emit("tool_call", { toolName: "write", args: { path: "packages/api/.env", content: "" } }), ".env");
    assertBlocked(await h.emit("tool_call", { toolName: "edit", args: { path: ".git/config", edits: [] } }), '".git/"');
    assertBlocked(await h.emit("tool_call", { toolName: "edit", args: { path: `${project}/node_modules/x/index.js` } }), "node_modules/");
    assertBlocked(await h.emit("tool_call", { toolName: "write", args: { path: "secrets/prod/key.pem", content: "" } }), "secrets/**");
  });

  test("lets other paths and read-only tools through", async () => {
    const h = await load();
    assertNotBlocked(await h.emit("tool_call", { toolName: "write", args: { path: "src/app.ts", content: "" } }));
    assertNotBlocked(await h.emit("tool_call", { toolName: "edit", args: { path: ".env.example" } }));
    // "secrets/**" is anchored at the project root.
    assertNotBlocked(await h.emit("tool_call", { toolName: "write", args: { path: "docs/secrets/notes.md", content: "" } }));
    assertNotBlocked(await h.emit("tool_call", { toolName: "read", args: { path: ".env" } }));
  });

  test("blocks bash redirections and tee into protected paths", async () => {
    const h = await load();
    const bash = (command: string) => h.emit("tool_call", { toolName: "bash", args: { command } });
    assertBlocked(await bash("echo API_KEY=x >> .env"), ".env");
    assertBlocked(await bash("cat <<'EOF' > '.git/hooks/pre-commit'\nexit 0\nEOF"), ".git/");
    assertBlocked(await bash("make 2>&1 | tee -a build.log secrets/log.txt"), "secrets/**");
    assertNotBlocked(await bash("cat .env | grep KEY > /tmp/keys.txt 2>&1"));
    assertNotBlocked(await bash("ls node_modules"));
  });

  test("the option replaces the protected globs", async () => {
    const h = await load();
    h.context.setOption("protected-paths", "*.lock, dist/");
    assertBlocked(await h.emit("tool_call", { toolName: "write", args: { path: "bun.lock", content: "" } }), '"*.lock"');
    assertBlocked(await h.emit("tool_call", { toolName: "edit", args: { path: "dist/kit" } }), "dist/");
    assertNotBlocked(await h.emit("tool_call", { toolName: "write", args: { path: ".env", content: "" } }));
    h.context.setOption("protected-paths", ".env");
    assertBlocked(await h.emit("tool_call", { toolName: "write", args: { path: ".env", content: "" } }), ".env");
  });

  test("finds the files a command writes", () => {
    expect(writeTargets(`echo "a">b; ls 2>&1 >> "c d" | tee -a e f`)).toEqual(["b", "c d", "e", "f"]);
    expect(writeTargets("grep x <in.txt && cmd &> all.log")).toEqual(["all.log"]);
  });
});
