import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { contentHash, diffFiles, extensionFiles } from "../../src/install/content.ts";
import { describeEmpty, leadingComment, scanPackage } from "../../src/install/scan.ts";
import { tempDir } from "../support/temp-dir.ts";

function repo(files: Record<string, string>): string {
  const dir = tempDir("kit-scan-");
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const COLLECTION = {
  "hello.ts": "/** Says hello. */\nexport default () => {};\n",
  "stamp.js": "// Stamps things.\n// More about stamps.\nexport default () => {};\n",
  "weather/main.ts": "/**\n * Weather for a city.\n * @module weather\n */\nexport default () => {};\n",
  "weather/api.ts": "export const api = 1;\n",
  "lib/index.js": "#!/usr/bin/env bun\n/* eslint-disable */\nexport default () => {};\n",
  "extensions/greet/index.ts": "export default () => {};\n",
  "extensions/solo.ts": "// Solo extension.\nexport default () => {};\n",
  "hello.test.ts": "test",
  "types.d.ts": "declare const x: 1;",
  "test/helper.ts": "x",
  "tests/other.ts": "x",
  "dist/built.js": "x",
  "build/x/main.ts": "x",
  "node_modules/dep/index.js": "x",
  ".hidden/main.ts": "x",
  "docs/readme.md": "x",
  "README.md": "x",
  "packs/extra/one.ts": "// One.\nexport default () => {};\n",
  "packs/extra/two.ts": "export default () => {};\n",
  "packs/single/main.ts": "// Single.\nexport default () => {};\n",
  "packs/single/helper.ts": "export const h = 1;\n",
};

describe("finding the extensions of a repository", () => {
  test("files and folders with an entry at the root and in extensions/, skipping tests, types and build folders", () => {
    const dir = repo(COLLECTION);
    const { extensions } = scanPackage(dir);
    expect(extensions.map((e) => [e.name, e.rel, e.kind])).toEqual([
      ["hello", "./hello.ts", "file"],
      ["lib", "./lib/index.js", "folder"],
      ["stamp", "./stamp.js", "file"],
      ["weather", "./weather/main.ts", "folder"],
      ["greet", "./extensions/greet/index.ts", "folder"],
      ["solo", "./extensions/solo.ts", "file"],
    ]);
    expect(extensions.find((e) => e.name === "weather")!.root).toBe(join(dir, "weather"));
    expect(extensions.find((e) => e.name === "hello")!.entry).toBe(join(dir, "hello.ts"));
  });

  test("one-line descriptions come from the entry's leading comment", () => {
    const dir = repo(COLLECTION);
    expect(scanPackage(dir).extensions.every((e) => e.description === "")).toBe(true);
    const { extensions } = scanPackage(dir, undefined, { descriptions: true });
    const desc = Object.fromEntries(extensions.map((e) => [e.name, e.description]));
    expect(desc).toEqual({ hello: "Says hello.", stamp: "Stamps things.", weather: "Weather for a city.", lib: "", greet: "", solo: "Solo extension." });
  });

  test("leadingComment skips shebangs, blank lines, tags and lint directives", () => {
    expect(leadingComment("\n\n// First line\n// second\ncode")).toBe("First line");
    expect(leadingComment("/*! Banner */")).toBe("Banner");
    expect(leadingComment("/**\n * @packageDocumentation\n * Real text\n */")).toBe("Real text");
    expect(leadingComment("import x from 'y';\n// later")).toBe("");
    expect(leadingComment("// " + "x".repeat(300)).length).toBe(100);
  });

  test("a sub-directory is searched alone; one with an entry file is a single extension", () => {
    const dir = repo(COLLECTION);
    expect(scanPackage(dir, "packs/extra").extensions.map((e) => e.rel)).toEqual(["./packs/extra/one.ts", "./packs/extra/two.ts"]);
    const single = scanPackage(dir, "packs/single", { descriptions: true }).extensions;
    expect(single.map((e) => [e.name, e.rel, e.kind, e.description])).toEqual([["single", "./packs/single/main.ts", "folder", "Single."]]);
  });

  test("a repository with no extension explains where it looked and what it found", () => {
    const dir = repo({ "README.md": "x", "docs/guide.md": "x", "test/a.ts": "x" });
    const scan = scanPackage(dir);
    expect(scan.extensions).toEqual([]);
    const why = describeEmpty(dir, undefined, scan);
    expect(why).toContain("looked in ./");
    expect(why).toContain("main.ts, index.ts, main.js, index.js");
    expect(why).toContain("found only: README.md, docs/, test/");
    expect(describeEmpty(dir, "nope", scanPackage(dir, "nope"))).toBe("the repository has no folder nope");
  });
});

describe("content hashes and changed files", () => {
  test("a folder extension's files all count (not node_modules); the hash follows content", () => {
    const dir = repo({ ...COLLECTION, "weather/node_modules/x/index.js": "x" });
    const exts = scanPackage(dir).extensions.filter((e) => e.name === "weather" || e.name === "hello");
    const files = extensionFiles(dir, exts);
    expect([...files.keys()]).toEqual(["./hello.ts", "./weather/api.ts", "./weather/main.ts"]);
    const before = contentHash(files);
    expect(before).toMatch(/^sha256:[0-9a-f]{64}$/);
    writeFileSync(join(dir, "weather/api.ts"), "export const api = 2;\n");
    const after = extensionFiles(dir, exts);
    expect(contentHash(after)).not.toBe(before);
    expect(diffFiles(files, after)).toEqual({ added: [], modified: ["./weather/api.ts"], removed: [] });
  });

  test("diffFiles sorts changes into added, modified and removed", () => {
    const a = new Map([["./a.ts", "1"], ["./b.ts", "2"]]);
    const b = new Map([["./b.ts", "3"], ["./c.ts", "4"]]);
    expect(diffFiles(a, b)).toEqual({ added: ["./c.ts"], modified: ["./b.ts"], removed: ["./a.ts"] });
  });
});
