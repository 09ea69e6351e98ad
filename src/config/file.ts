import { existsSync, readFileSync } from "node:fs";
import { isMap, isScalar } from "yaml";
import { UsageError } from "../errors.ts";
import { parseYaml } from "./parse-file.ts";

/** One parsed config file: its top-level keys with the line each was written on. */
export interface ConfigFile {
  path: string;
  values: Record<string, unknown>;
  lineOf(key: string): number;
}

const ENV_REF = /\$\{env:\/\/([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${env://VAR}` and `${env://VAR:-default}` in the raw text, before parsing (spec/cli.md).
 * A variable that is unset and has no default is an error naming it and the line it is used on.
 */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv, path: string): string {
  return text.replace(ENV_REF, (match, name: string, fallback: string | undefined, offset: number) => {
    const value = env[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    const line = text.slice(0, offset).split("\n").length;
    throw new UsageError(
      `${path}:${line}: environment variable ${name} is not set (used as ${match}). ` +
        `Set ${name}, or give a default: \${env://${name}:-value}`,
    );
  });
}

/** Reads and parses a YAML or JSON config file (JSON is parsed by the YAML parser, which keeps line numbers). */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv): ConfigFile {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  return parseConfigText(substituteEnv(raw, env, path), path);
}

export function parseConfigText(text: string, path: string): ConfigFile {
  const { doc, value, lineOf } = parseYaml(text, path, { what: "config", hint: "Fix the file or pass --config with another one" });
  const keyLines = new Map<string, number>();
  if (doc.contents === null) return { path, values: {}, lineOf: () => 1 };
  if (!isMap(doc.contents)) {
    throw new UsageError(`${path}:1: a config file must be a mapping of keys to values (e.g. "model: anthropic/claude-sonnet-4-5")`);
  }
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && pair.key.range) keyLines.set(String(pair.key.value), lineOf(pair.key.range[0]));
  }
  const values = (value ?? {}) as Record<string, unknown>;
  return { path, values, lineOf: (key) => keyLines.get(key) ?? 1 };
}

/** The first existing of `<dir>/<base>.yml|.yaml|.json`. */
export function findConfigFile(dir: string, base: string): string | undefined {
  for (const ext of [".yml", ".yaml", ".json"]) {
    const candidate = `${dir}/${base}${ext}`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
