/**
 * Entry of the preload bundle of `kit test` (built by preload-build.ts, embedded in the binary by
 * build.ts). `kit test` runs the kit binary as Bun's own CLI (`BUN_BE_BUN=1 kit test --preload
 * <this bundle> …`); in that mode none of kit's app is loaded, so this bundle brings the extension
 * runtime and the harness, and serves `kit/ext` and `kit/test` to the test files through Bun.plugin.
 */
import { registerKitModules } from "../kit-modules.ts";

// Only the bun CLI started by `kit test` needs it: a test that spawns the kit binary gets kit, not bun.
delete process.env.BUN_BE_BUN;

registerKitModules();
