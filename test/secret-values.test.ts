/**
 * What kit prints when something goes wrong (an internal error's stack, a crash of the terminal UI,
 * a usage error) never shows the value of a key, token, secret or password variable.
 */
import { expect, test } from "bun:test";
import { withoutEnvSecrets } from "../src/secret-values.ts";

test("the values of key, token, secret and password variables become ***; other values and short ones stay", () => {
  const env = {
    ANTHROPIC_API_KEY: "sk-ant-0123456789",
    GITHUB_TOKEN: "ghp_abcdefghijkl",
    DB_PASSWORD: "correct horse battery",
    HOME: "/home/someone-long",
    SHORT_KEY: "abc",
  };
  const stack = "Error: request to https://x?k=sk-ant-0123456789 failed (ghp_abcdefghijkl, correct horse battery) in /home/someone-long; abc";
  expect(withoutEnvSecrets(stack, env)).toBe("Error: request to https://x?k=*** failed (***, ***) in /home/someone-long; abc");
});
