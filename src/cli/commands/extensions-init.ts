/**
 * `kit extensions init [name] [--force]`: writes a working example extension into this project.
 *
 *   .kit/extensions/<name>.ts        the extension (found by kit in this project on its own)
 *   .kit/extensions/<name>.test.ts   its tests on kit/test (discovery skips *.test.ts)
 *   .kit/kit-env.d.ts                types of kit/ext, kit/test, bun:test and Node's and Bun's globals
 *   .kit/tsconfig.json               so editors and `tsc -p .kit` check everything under .kit/extensions
 *
 * The types and tsconfig sit in .kit/, not the project root, so a project's own tsconfig.json is never
 * touched and editors pick the nearest one for files under .kit/extensions. Without --force nothing is
 * written when the extension's files exist, or a shared file (types, tsconfig) exists with other
 * content; a shared file with the same content is left as it is, so more extensions can be added.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EXIT } from "../../errors.ts";
import { extensionSource, extensionTestSource, kitEnvSource, tsconfigSource } from "./extensions-templates.ts";

export const DEFAULT_EXTENSION_NAME = "my-extension";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

interface PlannedFile {
  /** Relative to the working directory, with "/" separators (as printed). */
  rel: string;
  content: string;
  what: string;
  /** Shared by every extension of the project: an identical copy is left as it is. */
  shared: boolean;
}

export function initExtension(opts: { cwd: string; name?: string; force: boolean }, out: (line: string) => void, err: (line: string) => void): number {
  const name = (opts.name ?? DEFAULT_EXTENSION_NAME).replace(/\.(ts|js)$/, "");
  if (!NAME.test(name)) {
    err(`kit extensions init: "${opts.name}" is not a usable name: use letters, digits, "-" and "_" (it names the file, the command and the tool)`);
    return EXIT.usage;
  }
  const files: PlannedFile[] = [
    { rel: `.kit/extensions/${name}.ts`, content: extensionSource(name), what: "the extension: a tool, a slash command and a tool_call hook", shared: false },
    { rel: `.kit/extensions/${name}.test.ts`, content: extensionTestSource(name), what: "its tests on kit/test", shared: false },
    { rel: ".kit/kit-env.d.ts", content: kitEnvSource(), what: "types of kit/ext, kit/test, bun:test, process and Bun for editors and tsc", shared: true },
    { rel: ".kit/tsconfig.json", content: tsconfigSource(), what: "type-checks .kit/extensions against those types", shared: true },
  ];

  const state = files.map((f) => {
    const abs = join(opts.cwd, ...f.rel.split("/"));
    if (!existsSync(abs)) return { ...f, abs, status: "new" as const };
    return { ...f, abs, status: f.shared && sameContent(abs, f.content) ? ("same" as const) : ("exists" as const) };
  });

  const blocking = state.filter((f) => f.status === "exists");
  if (blocking.length > 0 && !opts.force) {
    for (const f of blocking) err(`kit extensions init: ${f.rel} already exists; not overwriting it (use --force to replace it)`);
    return EXIT.usage;
  }

  for (const f of state) {
    if (f.status === "same") continue;
    mkdirSync(dirname(f.abs), { recursive: true });
    writeFileSync(f.abs, f.content);
  }

  const width = Math.max(...state.map((f) => f.rel.length)) + 2;
  out(`Created the extension "${name}":`);
  for (const f of state) {
    const mark = f.status === "new" ? "wrote      " : f.status === "exists" ? "overwrote  " : "unchanged  ";
    out(`  ${mark}${f.rel.padEnd(width)}${f.what}`);
  }
  out("");
  out("Next steps:");
  const steps: [string, string][] = [
    [`kit -e .kit/extensions/${name}.ts "count the words in README.md"`, "try it (in this project kit also finds it without -e)"],
    [`kit extensions validate .kit/extensions/${name}.ts`, "check that it loads"],
    [`kit test .kit/extensions/${name}.test.ts`, "run its tests"],
    ["npx -p typescript tsc -p .kit", "type-check it (editors use .kit/tsconfig.json)"],
  ];
  const stepWidth = Math.max(...steps.map(([cmd]) => cmd.length)) + 3;
  for (const [cmd, note] of steps) out(`  ${cmd.padEnd(stepWidth)}${note}`);
  return EXIT.ok;
}

function sameContent(path: string, content: string): boolean {
  try {
    return readFileSync(path, "utf8") === content;
  } catch {
    return false; // a directory or an unreadable file
  }
}
