import { afterAll, afterEach, beforeAll, expect } from "bun:test";
import { startMockLLM, type MockLLM } from "./mock-llm.ts";

/**
 * One scripted provider for the calling test file: started before its tests, closed after them.
 * With `strict` (the default) every test must consume exactly the steps it pushed, so a leftover
 * reply can never answer the next test. Call it at the top level of a test file.
 */
export function useMockLLM(opts: { strict?: boolean } = {}): MockLLM {
  let server: MockLLM | undefined;
  beforeAll(async () => {
    server = await startMockLLM();
  });
  afterAll(async () => {
    await server?.close();
  });
  if (opts.strict ?? true) {
    afterEach(() => {
      expect(server!.remaining()).toBe(0);
    });
  }
  const live = (): MockLLM => {
    if (!server) throw new Error("the mock provider is not running yet: use it inside tests or hooks");
    return server;
  };
  return {
    get url() {
      return live().url;
    },
    get port() {
      return live().port;
    },
    get requests() {
      return live().requests;
    },
    push: (...steps) => live().push(...steps),
    remaining: () => live().remaining(),
    clear: () => live().clear(),
    close: () => live().close(),
  };
}
