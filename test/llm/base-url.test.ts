/** Base URLs where they enter kit (checkBaseUrl) and as kit shows them (redactUrl). */
import { expect, test } from "bun:test";
import { UsageError } from "../../src/errors.ts";
import { checkBaseUrl, redactUrl } from "../../src/llm/base-url.ts";

test("http and https URLs pass as written, trimmed", () => {
  expect(checkBaseUrl(" http://127.0.0.1:8080/v1 ", "--provider-url")).toBe("http://127.0.0.1:8080/v1");
  expect(checkBaseUrl("HTTPS://gateway.example/v1", "KIT_PROVIDER_URL")).toBe("HTTPS://gateway.example/v1");
});

test.each([
  ["127.0.0.1:8080", 'X "127.0.0.1:8080" has no scheme: write it as http://127.0.0.1:8080 (or https://…)'],
  ["localhost:11434/v1", 'X "localhost:11434/v1" has no scheme: write it as http://localhost:11434/v1 (or https://…)'],
  ["//host/v1", 'X "//host/v1" has no scheme: write it as http://host/v1 (or https://…)'],
  ["ftp://host", 'X "ftp://host" must be an http:// or https:// URL'],
  ["http://exa mple", 'X "http://exa mple" is not a valid URL'],
])("%p is a usage error naming its source", (url, message) => {
  expect(() => checkBaseUrl(url, "X")).toThrow(UsageError);
  expect(() => checkBaseUrl(url, "X")).toThrow(message);
});

test("redactUrl hides a password, a lone user name and query values; a plain URL is unchanged", () => {
  expect(redactUrl("http://127.0.0.1:1234")).toBe("http://127.0.0.1:1234");
  expect(redactUrl("http://u:secret@h:1/v1/messages")).toBe("http://u:***@h:1/v1/messages");
  expect(redactUrl("http://token@h/v1")).toBe("http://***@h/v1");
  expect(redactUrl("https://h/v1?key=abc&x=1")).toBe("https://h/v1?key=***&x=***");
});
