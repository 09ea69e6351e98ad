/**
 * The arguments of `kit install` (spec/cli.md, spec/install.md), read here rather than by citty:
 * `--update/-u` takes an optional source, `--include` a comma-separated list, and one operation
 * excludes the others.
 *
 *   kit install <source> [--local|-l] [--select | --include a,b | --all]
 *   kit install --update|-u [source] [--local]
 *   kit install --uninstall <source> [--local]
 *   kit install --list [--local]
 */
export type InstallArgs =
  | { op: "install"; source: string; local: boolean; selection: { kind: "all" } | { kind: "select" } | { kind: "include"; names: string[] } }
  | { op: "update"; source?: string; local: boolean }
  | { op: "uninstall"; source: string; local: boolean }
  | { op: "list"; local: boolean };

export function parseInstallArgs(raw: readonly string[]): InstallArgs | { error: string } {
  let local = false;
  let select = false;
  let all = false;
  let include: string[] | undefined;
  const ops: ("update" | "uninstall" | "list")[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const arg = raw[i]!;
    if (arg === "--") {
      positionals.push(...raw.slice(i + 1));
      break;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const noValue = () => (inline !== undefined ? { error: `${name} takes no value` } : undefined);
    switch (name) {
      case "--local":
      case "-l": {
        const e = noValue();
        if (e) return e;
        local = true;
        break;
      }
      case "--select":
      case "--all":
      case "--list":
      case "--update":
      case "-u":
      case "--uninstall": {
        const e = noValue();
        if (e) return e;
        if (name === "--select") select = true;
        else if (name === "--all") all = true;
        else if (name === "--list") ops.push("list");
        else if (name === "--uninstall") ops.push("uninstall");
        else ops.push("update");
        break;
      }
      case "--include": {
        const value = inline ?? raw[++i];
        if (value === undefined || value.startsWith("-")) return { error: "--include needs extension names, e.g. --include hello,weather" };
        const names = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
        if (names.length === 0) return { error: "--include needs extension names, e.g. --include hello,weather" };
        include = [...(include ?? []), ...names];
        break;
      }
      default:
        if (arg.startsWith("-") && arg !== "-") return { error: `unknown option ${name}` };
        positionals.push(arg);
    }
  }
  const unique = [...new Set(ops)];
  if (unique.length > 1) return { error: `--${unique[0]} and --${unique[1]} cannot be combined` };
  const op: InstallArgs["op"] = unique.length > 0 ? unique[0]! : "install";
  const choosing = [select && "--select", all && "--all", include && "--include"].filter((x): x is string => typeof x === "string");
  if (op !== "install" && choosing.length > 0) return { error: `${choosing[0]} applies to installing, not to --${op}` };
  if (choosing.length > 1) return { error: `${choosing.join(" and ")} cannot be combined: choose one way to select extensions` };
  if (positionals.length > 1) return { error: `one source at a time (got ${positionals.length}: ${positionals.join(" ")})` };
  const source = positionals[0];
  switch (op) {
    case "list":
      if (source !== undefined) return { error: "--list takes no source" };
      return { op, local };
    case "update":
      return source === undefined ? { op, local } : { op, source, local };
    case "uninstall":
      if (source === undefined) return { error: "--uninstall needs the source of the package to remove (see kit install --list)" };
      return { op, source, local };
    case "install":
      if (source === undefined) return { error: "a source is needed, e.g. kit install github.com/user/repo (or --update, --uninstall <source>, --list)" };
      return {
        op,
        source,
        local,
        selection: select ? { kind: "select" } : include ? { kind: "include", names: include } : { kind: "all" },
      };
  }
}
