/**
 * Project trust (issue #21): a cloned repository's extensions, MCP servers and config that runs code
 * or redirects credentials load only once the user trusts the project. Decided here, before any of
 * them loads, the same for every mode; the mode only asks (interactive) or says what it skipped
 * (headless). Trust is recorded per project (install/trust-store.ts) bound to a digest of every
 * item, so a change asks again.
 */
import { realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import { loadConfig, type Config, type LoadConfigOptions } from "../config/config.ts";
import { TrustStore } from "../install/trust-store.ts";
import { localPackagesItem, projectItems, type ProjectItem } from "./project-items.ts";

/** The user's answer: trust and remember, trust for this run only, or run without the project's items. */
export type TrustChoice = "trust" | "once" | "skip";

export interface UntrustedProject {
  project: string;
  /** Every item that would load (they are trusted or skipped together). */
  items: ProjectItem[];
  /** Ids of the items that are new or changed since the project was trusted; all of them when it never was. */
  changed: ReadonlySet<string>;
  /** Whether the project was trusted before (then only `changed` items are why kit asks). */
  wasTrusted: boolean;
}

export class ProjectTrust {
  /** Undefined when nothing needs asking: no project items, all trusted as they are, or trusted for this run. */
  readonly untrusted: UntrustedProject | undefined;
  private readonly store: TrustStore;

  /**
   * `config` is the configuration with the whole project file (what a trusted project gets);
   * `trustThisRun` is --trust-project; `explicit` the -e paths, which the user named and so trusts
   * (`kit extensions init` suggests `kit -e .kit/extensions/<name>.ts`).
   */
  constructor(
    private readonly load: LoadConfigOptions,
    readonly config: Config,
    trustThisRun: boolean,
    private readonly explicit: readonly string[] = [],
  ) {
    this.store = new TrustStore(config.paths.dataDir);
    this.untrusted = trustThisRun ? undefined : this.findUntrusted();
  }

  /** The configuration of the run once the user chose; `skip` leaves the project's items out. */
  settle(choice: TrustChoice): Config {
    const untrusted = this.untrusted;
    if (!untrusted) return this.config;
    if (choice === "trust") this.store.trust(untrusted.project, Object.fromEntries(untrusted.items.map((i) => [i.id, i.digest])));
    if (choice !== "skip") return this.config;
    const keys = new Set(untrusted.items.flatMap((i) => (i.configKey ? [i.configKey] : [])));
    return loadConfig({ ...this.load, untrustedProjectKeys: keys });
  }

  private findUntrusted(): UntrustedProject | undefined {
    const { project, items: all } = projectItems(this.load.cwd, this.config);
    const named = this.explicit.map((p) => `extension ${relative(project, realPath(resolve(this.load.cwd, p)))}`);
    const items = all.filter((i) => !named.some((id) => i.id === id || i.id.startsWith(id + "/")));
    if (items.length === 0) return undefined;
    const record = this.store.get(project);
    const changed = new Set(items.filter((i) => record?.items[i.id] !== i.digest).map((i) => i.id));
    if (changed.size === 0) return undefined;
    return { project, items, changed, wasTrusted: record !== undefined };
  }
}

/**
 * After `kit mcp add -l NAME`: the server the user wrote into the project config is theirs, trusted as
 * written (the project's other items keep their own trust).
 */
export function trustProjectServer(cwd: string, env: NodeJS.ProcessEnv, name: string): void {
  const config = loadConfig({ cwd, env, flags: {} });
  const { project, items } = projectItems(cwd, config);
  const item = items.find((i) => i.id === `config mcpServers.${name}`);
  if (item) new TrustStore(config.paths.dataDir).add(project, { [item.id]: item.digest });
}

/**
 * After `kit install --local` (or its --update or --uninstall) the project's packages are as the user
 * chose them: trusted as they are now, whatever else of the project is or is not trusted.
 */
export function trustLocalPackages(cwd: string, dataDir: string): void {
  const project = realpathSync(cwd);
  const item = localPackagesItem(project, dataDir);
  if (item) new TrustStore(dataDir).add(project, { [item.id]: item.digest });
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // a missing -e path is reported when extensions load
  }
}

/** One line for stderr when a run without anyone to ask skips the project's items. */
export function skippedLine(u: UntrustedProject): string {
  const named = u.items.filter((i) => u.changed.has(i.id)).map((i) => i.label.split(": ").slice(0, 2).join(": "));
  const why = u.wasTrusted ? "changed since the project was trusted" : "not trusted";
  return `kit: skipped this project's extensions, MCP servers and config that runs code or redirects keys (${why}: ${named.join(", ")}); run 'kit trust' in ${u.project} to trust them, or pass --trust-project for this run`;
}

/** The dialog's list: every item, the new and changed ones marked. */
export function describeItems(u: UntrustedProject): string[] {
  return u.items.map((i) => `${i.label}${u.wasTrusted && u.changed.has(i.id) ? "  (new or changed)" : ""}`);
}

/**
 * The configuration of a command outside a run (kit auth, kit mcp list): an untrusted project's items
 * left out, as a headless run leaves them, with one line through `report` naming them.
 */
export function configSkippingUntrusted(load: LoadConfigOptions, report: (line: string) => void, trustThisRun = false): Config {
  const trust = new ProjectTrust(load, loadConfig(load), trustThisRun);
  if (trust.untrusted) report(skippedLine(trust.untrusted));
  return trust.settle("skip");
}
