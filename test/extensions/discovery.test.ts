import { describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { discoverExtensions, scanDirectory } from "../../src/extensions/discovery.ts";
import { tempDir, writeFiles } from "./helpers.ts";

const EXT = "export default () => {};\n";

/** A home with a config dir, a package, a project and extra files, as the discovery order needs. */
function layout() {
  const root = tempDir();
  const configDir = join(root, "config");
  const cwd = join(root, "project");
  writeFiles(root, {
    "config/extensions/b-global.ts": EXT,
    "config/extensions/a-global.js": EXT,
    "config/extensions/types.d.ts": "export {};\n",
    "config/extensions/a-global.test.ts": EXT,
    "config/extensions/notes.md": "not code\n",
    "config/extensions/dirext/index.ts": EXT,
    "config/extensions/dirext/helper.ts": EXT,
    "config/extensions/both/main.ts": EXT,
    "config/extensions/both/index.ts": EXT,
    "config/extensions/noentry/helper.ts": EXT,
    "config/extensions/node_modules/index.ts": EXT,
    "config/extensions/.hidden.ts": EXT,
    "pkgs/one/entry.ts": EXT,
    "project/.kit/extensions/proj.ts": EXT,
    "project/local/cfg.ts": EXT,
    "project/cli.ts": EXT,
    "project/cli-dir/main.js": EXT,
    "project/many/x.ts": EXT,
    "project/many/y.ts": EXT,
  });
  return { root, configDir, cwd };
}

describe("discoverExtensions", () => {
  test("order: global dir, packages, project dir, config paths, -e paths", () => {
    const { root, configDir, cwd } = layout();
    const d = discoverExtensions({
      configDir,
      cwd,
      packages: [join(root, "pkgs/one/entry.ts")],
      explicit: ["cli.ts", "cli-dir", "many"],
      noDiscovery: false,
      configPaths: ["local/cfg.ts"],
    });
    expect(d.errors).toEqual([]);
    expect(d.paths).toEqual([
      join(configDir, "extensions/a-global.js"),
      join(configDir, "extensions/b-global.ts"),
      join(configDir, "extensions/both/main.ts"),
      join(configDir, "extensions/dirext/index.ts"),
      join(root, "pkgs/one/entry.ts"),
      join(cwd, ".kit/extensions/proj.ts"),
      join(cwd, "local/cfg.ts"),
      join(cwd, "cli.ts"),
      join(cwd, "cli-dir/main.js"),
      join(cwd, "many/x.ts"),
      join(cwd, "many/y.ts"),
    ]);
    expect(d.extensions.map((e) => e.source)).toEqual([
      "global", "global", "global", "global", "package", "project", "config", "explicit", "explicit", "explicit", "explicit",
    ]);
    // Hot reload watches a folder extension's own folder; a single file's folder holds other things.
    expect(d.extensions.filter((e) => e.folder).map((e) => [e.path, e.folder])).toEqual([
      [join(configDir, "extensions/both/main.ts"), join(configDir, "extensions/both")],
      [join(configDir, "extensions/dirext/index.ts"), join(configDir, "extensions/dirext")],
      [join(cwd, "cli-dir/main.js"), join(cwd, "cli-dir")],
    ]);
  });

  test("noDiscovery skips the directories and packages but keeps config and -e paths", () => {
    const { root, configDir, cwd } = layout();
    const d = discoverExtensions({
      configDir,
      cwd,
      packages: [join(root, "pkgs/one/entry.ts")],
      explicit: ["cli.ts"],
      noDiscovery: true,
      configPaths: ["local/cfg.ts"],
    });
    expect(d.paths).toEqual([join(cwd, "local/cfg.ts"), join(cwd, "cli.ts")]);
  });

  test("duplicates by real path (incl. a symlink) keep the first occurrence", () => {
    const { configDir, cwd } = layout();
    symlinkSync(join(configDir, "extensions/b-global.ts"), join(cwd, "link.ts"));
    const d = discoverExtensions({
      configDir,
      cwd,
      packages: [],
      explicit: ["link.ts", "cli.ts", "./cli.ts", join(cwd, "cli.ts")],
      noDiscovery: false,
      configPaths: ["cli.ts"],
    });
    expect(d.errors).toEqual([]);
    expect(d.paths.filter((p) => p.endsWith("b-global.ts"))).toEqual([join(configDir, "extensions/b-global.ts")]);
    expect(d.paths.filter((p) => p.endsWith("cli.ts"))).toEqual([join(cwd, "cli.ts")]);
    // cli.ts came first from config, so it keeps that source.
    expect(d.extensions.find((e) => e.path.endsWith("cli.ts"))?.source).toBe("config");
    expect(d.paths).not.toContain(join(cwd, "link.ts"));
  });

  test("a symlinked -e path loads under its real path", () => {
    const root = tempDir();
    writeFiles(root, { "real/ext.ts": EXT });
    symlinkSync(join(root, "real"), join(root, "alias"));
    const d = discoverExtensions({ configDir: join(root, "none"), cwd: root, packages: [], explicit: ["alias/ext.ts"], noDiscovery: false, configPaths: [] });
    expect(d.paths).toEqual([join(root, "real/ext.ts")]);
  });

  test("a missing -e path is an error naming it; the others still load", () => {
    const { configDir, cwd } = layout();
    const d = discoverExtensions({ configDir, cwd, packages: [], explicit: ["nope.ts", "cli.ts"], noDiscovery: true, configPaths: [] });
    expect(d.paths).toEqual([join(cwd, "cli.ts")]);
    expect(d.errors).toEqual([{ path: "nope.ts", message: `extension (-e) not found: ${join(cwd, "nope.ts")}` }]);
  });

  test("a missing package or config path, and a directory with no extension, are errors", () => {
    const root = tempDir();
    mkdirSync(join(root, "empty"));
    const d = discoverExtensions({
      configDir: join(root, "cfg"),
      cwd: root,
      packages: [join(root, "gone/pkg.ts")],
      explicit: ["empty"],
      noDiscovery: false,
      configPaths: ["missing.ts"],
    });
    expect(d.paths).toEqual([]);
    expect(d.errors.map((e) => e.path)).toEqual([join(root, "gone/pkg.ts"), "missing.ts", "empty"]);
    expect(d.errors[2]!.message).toContain("no extension in");
  });

  test("missing discovery directories are simply empty", () => {
    const root = tempDir();
    expect(scanDirectory(join(root, "nothing"))).toEqual([]);
    const d = discoverExtensions({ configDir: join(root, "c"), cwd: root, packages: [], explicit: [], noDiscovery: false, configPaths: [] });
    expect(d).toEqual({ extensions: [], paths: [], errors: [] });
  });
});
