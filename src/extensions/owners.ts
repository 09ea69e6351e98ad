/**
 * Which extension a stack trace runs through, for what happens outside kit's dispatch (an uncaught
 * error, a console call, process.exit): the first frame, innermost first, in a file of an extension's
 * own. An extension's files are its entry, the files of its own it imports (module-graph.ts), anything
 * under its own folder (a folder extension, node_modules included), and the bundle a hot reload
 * imported it from (stack traces are mapped back to the sources, but a frame the map does not cover
 * still names the bundle, `<tmp>/kit-ext-XXXXXX/<entry name>.js`).
 */
import { basename, sep } from "node:path";
import type { DiscoveredExtension } from "./discovery.ts";
import { stackFrames } from "./load-error.ts";
import { moduleGraph } from "./module-graph.ts";

const RELOAD_BUNDLE = /[\\/]kit-ext-[^\\/]+[\\/]([^\\/]+)\.js$/;

export class ExtensionOwners {
  /** File → extension, built on first use (reading the import graphs costs file reads). */
  private files: Map<string, string> | undefined;

  constructor(private readonly extensions: readonly DiscoveredExtension[]) {}

  /** The extension's entry path, or undefined when no frame is in an extension's files. */
  ownerOf(stack: string): string | undefined {
    for (const { file } of stackFrames(stack)) {
      const owner = this.ownerOfFile(file);
      if (owner) return owner;
    }
    return undefined;
  }

  /**
   * How an extension is named in its console output: its folder for a folder extension, else its file
   * name; "extension" when it is not known.
   */
  nameOf(owner: string | undefined): string {
    if (owner === undefined) return "extension";
    const e = this.extensions.find((x) => x.path === owner);
    return basename(e?.folder ?? owner);
  }

  private ownerOfFile(file: string): string | undefined {
    const known = this.fileMap().get(file);
    if (known) return known;
    const inFolder = this.extensions.find((e) => e.folder && file.startsWith(e.folder + sep));
    if (inFolder) return inFolder.path;
    const bundle = RELOAD_BUNDLE.exec(file);
    if (bundle) {
      const named = this.extensions.filter((e) => basename(e.path).replace(/\.[cm]?[jt]sx?$/, "") === bundle[1]);
      if (named.length === 1) return named[0]!.path;
    }
    return undefined;
  }

  private fileMap(): Map<string, string> {
    if (this.files) return this.files;
    const files = new Map<string, string>();
    for (const e of this.extensions) files.set(e.path, e.path);
    // Entries first: a helper two extensions share belongs to neither more than the other; the first wins.
    for (const e of this.extensions) {
      for (const file of safeGraph(e.path)) if (!files.has(file)) files.set(file, e.path);
    }
    this.files = files;
    return files;
  }
}

function safeGraph(entry: string): string[] {
  try {
    return moduleGraph(entry);
  } catch {
    return [entry];
  }
}
