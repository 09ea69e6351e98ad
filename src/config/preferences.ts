import { existsSync, readFileSync } from "node:fs";
import { stringify } from "yaml";
import { writeFileAtomic } from "./atomic-write.ts";
import { parseConfigText, type ConfigFile } from "./file.ts";

/** Keys the interactive UI remembers between runs ($XDG_CONFIG_HOME/kit/preferences.yml). */
export const PREFERENCE_KEYS = ["theme", "model", "thinking-level"] as const;
export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];

/**
 * Reads the preferences file as a config layer. Keys other than the preference keys are dropped
 * (the file is written by kit, not by hand), so a stray key can never break startup.
 */
export function readPreferences(path: string): ConfigFile | undefined {
  if (!existsSync(path)) return undefined;
  const file = parseConfigText(readFileSync(path, "utf8"), path);
  const values: Record<string, unknown> = {};
  for (const key of PREFERENCE_KEYS) if (file.values[key] !== undefined) values[key] = file.values[key];
  return { ...file, values };
}

export function savePreference(path: string, key: PreferenceKey, value: string): void {
  const current = readPreferences(path)?.values ?? {};
  writeFileAtomic(path, stringify({ ...current, [key]: value }));
}
