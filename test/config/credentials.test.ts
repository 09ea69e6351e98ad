/**
 * The credential store (config/credentials.ts) below the commands: two kits sharing the file, and the
 * messages of a damaged file. The commands' behaviour is tested through the binary (test/e2e/auth.test.ts).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { credentialStore } from "../../src/config/credentials.ts";
import { tempDir } from "../support/temp-dir.ts";

const saved = new Date(0).toISOString();

describe("credentialStore (file)", () => {
  test("a change made while another kit has the file open keeps what the other one stored", () => {
    const dir = tempDir("kit-credentials-");
    const longRunning = credentialStore(dir, undefined);
    expect(longRunning.get("openai")).toBeUndefined(); // read now, and kept
    credentialStore(dir, undefined).set("anthropic", { type: "api_key", key: "from-another-terminal", saved });
    longRunning.set("github-copilot", { type: "oauth", refresh: "gho", access: "refreshed", saved });
    const file = JSON.parse(readFileSync(join(dir, "credentials.json"), "utf8"));
    expect(Object.keys(file).sort()).toEqual(["anthropic", "github-copilot"]);
  });

  test("a file that is not JSON, or not an object, says how to recover", () => {
    const dir = tempDir("kit-credentials-");
    writeFileSync(join(dir, "credentials.json"), "{ not json", { mode: 0o600 });
    expect(() => credentialStore(dir, undefined).get("openai")).toThrow("is not valid JSON: fix it, or delete it and log in again with 'kit auth login'");
    writeFileSync(join(dir, "credentials.json"), "[]", { mode: 0o600 });
    expect(() => credentialStore(dir, undefined).get("openai")).toThrow("should hold an object of credentials by provider");
  });
});
