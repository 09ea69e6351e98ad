/**
 * `kit update-models [url|file|embedded]`: replace the model table with a models.dev-format file,
 * or go back to the embedded one. The new table is checked before it is written, and written
 * atomically, so a failed download or a bad file leaves the table in use exactly as it was.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { writeFileAtomic } from "../config/atomic-write.ts";
import { parseJson } from "../config/parse-file.ts";
import { EXIT } from "../errors.ts";
import { parseModelsDev } from "../llm/models/models-dev.ts";
import { modelsFilePath } from "../llm/models/registry.ts";
import type { ModelInfo } from "../llm/models/types.ts";

export const DEFAULT_MODELS_SOURCE = "https://models.dev/api.json";
const TIMEOUT_MS = 30_000;

export interface UpdateModelsOptions {
  /** URL, file path, or "embedded"; default DEFAULT_MODELS_SOURCE. */
  source?: string;
  dataDir: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** For tests; the download timeout. */
  timeoutMs?: number;
}

/** A failure the user can act on; `exitCode` is 1 for a failed fetch or bad data, 2 for a bad argument. */
class UpdateFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.runFailed,
  ) {
    super(message);
  }
}

const UNCHANGED = "The model table in use is unchanged.";

export async function runUpdateModelsCommand(opts: UpdateModelsOptions): Promise<number> {
  const source = opts.source?.trim() || DEFAULT_MODELS_SOURCE;
  const target = modelsFilePath(opts.dataDir);
  if (source === "embedded") return resetToEmbedded(target, opts);
  try {
    const text = await readSource(source, opts.timeoutMs ?? TIMEOUT_MS);
    const models = validate(text, source);
    // The text is stored as fetched: the registry reads it with the same parser, and the file stays
    // a plain models.dev document a user can inspect or diff.
    try {
      writeFileAtomic(target, text);
    } catch (err) {
      throw new UpdateFailure(`cannot write ${target}: ${(err as Error).message}. Check that the directory is writable. ${UNCHANGED}`);
    }
    for (const line of summary(models, source, target)) opts.out(line);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof UpdateFailure)) throw err;
    opts.err(`kit update-models: ${err.message}`);
    return err.exitCode;
  }
}

function resetToEmbedded(target: string, opts: UpdateModelsOptions): number {
  if (!existsSync(target)) {
    opts.out(`No downloaded model table at ${target}; kit already uses its embedded table.`);
    return EXIT.ok;
  }
  try {
    rmSync(target);
  } catch (err) {
    opts.err(`kit update-models: cannot remove ${target}: ${(err as Error).message}`);
    return EXIT.runFailed;
  }
  opts.out(`Removed ${target}; kit uses its embedded model table again.`);
  return EXIT.ok;
}

async function readSource(source: string, timeoutMs: number): Promise<string> {
  if (/^https?:\/\//i.test(source)) return download(source, timeoutMs);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new UpdateFailure(
      `unsupported source "${source}": give an http:// or https:// URL, a file path, or "embedded"`,
      EXIT.usage,
    );
  }
  const path = resolve(source);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message;
    throw new UpdateFailure(`cannot read ${path}: ${why}. Give a models.dev api.json file, a URL, or "embedded". ${UNCHANGED}`);
  }
}

async function download(url: string, timeoutMs: number): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (err) {
    const e = err as Error;
    const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    const why = e.name === "TimeoutError" ? `no answer within ${limit}` : e.message;
    throw new UpdateFailure(
      `could not download ${url}: ${why}. Check your network or proxy and try again, or pass a downloaded file: kit update-models ./api.json. ${UNCHANGED}`,
    );
  }
  if (!res.ok) {
    throw new UpdateFailure(
      `could not download ${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}. Check the URL, or try again later. ${UNCHANGED}`,
    );
  }
  try {
    return await res.text();
  } catch (err) {
    throw new UpdateFailure(`the download from ${url} broke off: ${(err as Error).message}. Try again. ${UNCHANGED}`);
  }
}

function validate(text: string, source: string): ModelInfo[] {
  let json: unknown;
  try {
    json = parseJson(text, source, { what: "model catalogue", hint: "Expected a models.dev api.json file" });
  } catch (err) {
    throw new UpdateFailure(`${(err as Error).message}. ${UNCHANGED}`);
  }
  try {
    return parseModelsDev(json);
  } catch (err) {
    throw new UpdateFailure(`${source}: ${(err as Error).message}. ${UNCHANGED}`);
  }
}

function summary(models: ModelInfo[], source: string, target: string): string[] {
  const perProvider = new Map<string, number>();
  for (const m of models) perProvider.set(m.provider, (perProvider.get(m.provider) ?? 0) + 1);
  const n = (count: number, word: string) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
  const main = ["anthropic", "openai"]
    .filter((p) => perProvider.has(p))
    .map((p) => `${p}: ${perProvider.get(p)}`)
    .join(", ");
  return [
    `Stored ${n(perProvider.size, "provider")} and ${n(models.length, "model")} from ${source} in ${target}${main ? ` (${main})` : ""}.`,
    "See them with 'kit models --all'; 'kit update-models embedded' goes back to the built-in table.",
  ];
}
