// Floor for a hot reload: Bun importing fresh instances of the same extension files (helpers
// included) and calling each entry with a no-op API; no bundler, registry or events. Bun caches
// modules by path, and a query string would refresh only the entry, so each reload first copies the
// directory to a new place. Loads the files once (as kit's start does), then reloads `count` times;
// prints `{ load: ms, reloads: [ms, …] }` as JSON (kit's /bench-reload prints the reloads the same way).
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [dir, count] = process.argv.slice(2);
const noopApi = new Proxy({}, { get: () => () => {} });

async function loadFrom(from: string): Promise<void> {
  for (const name of readdirSync(from).filter((n) => n.endsWith(".ts")).sort()) {
    const mod = (await import(join(from, name))) as { default: (api: unknown) => unknown };
    await mod.default(noopApi);
  }
}

const loadStarted = performance.now();
await loadFrom(dir!);
const load = performance.now() - loadStarted;
const reloads: number[] = [];
for (let i = 0; i < Number(count); i++) {
  const started = performance.now();
  const copy = mkdtempSync(join(tmpdir(), "kit-floor-ext-"));
  cpSync(dir!, copy, { recursive: true });
  await loadFrom(copy);
  rmSync(copy, { recursive: true, force: true });
  reloads.push(performance.now() - started);
}
console.log(JSON.stringify({ load, reloads }));
