/**
 * Builds the preload bundle of `kit test`: preload.ts with everything it imports (the extension
 * runtime, the harness, the model table) in one ESM file for Bun, as text. build.ts embeds it in the
 * compiled binary; kit running from source builds it on demand. Not minified, so a stack trace through
 * the harness stays readable. Imports nothing of the app and no SDK.
 */
import { join } from "node:path";

export const PRELOAD_ENTRY = join(import.meta.dir, "preload.ts");

export async function buildPreload(entry: string = PRELOAD_ENTRY): Promise<string> {
  const result = await Bun.build({ entrypoints: [entry], target: "bun", format: "esm", sourcemap: "none" });
  if (!result.success || result.outputs.length !== 1) {
    const detail = result.logs.map((log) => String(log)).join("\n");
    throw new Error(`building the kit test preload from ${entry} failed${detail ? `:\n${detail}` : ""}`);
  }
  return await result.outputs[0]!.text();
}
