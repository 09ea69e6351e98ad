import { homedir } from "node:os";
import { join } from "node:path";

/** XDG locations (spec/cli.md, Configuration). Computed per call so tests can point HOME/XDG_* elsewhere. */
export interface KitPaths {
  home: string;
  /** $XDG_CONFIG_HOME/kit */
  configDir: string;
  /** $XDG_DATA_HOME/kit */
  dataDir: string;
  /** $XDG_CACHE_HOME/kit */
  cacheDir: string;
  preferencesFile: string;
}

export function kitPaths(env: NodeJS.ProcessEnv = process.env): KitPaths {
  const home = env.HOME || homedir();
  const configDir = join(env.XDG_CONFIG_HOME || join(home, ".config"), "kit");
  const dataDir = join(env.XDG_DATA_HOME || join(home, ".local", "share"), "kit");
  const cacheDir = join(env.XDG_CACHE_HOME || join(home, ".cache"), "kit");
  return { home, configDir, dataDir, cacheDir, preferencesFile: join(configDir, "preferences.yml") };
}
