// Prompt snippets: `/snippet <name> [text]` sends a prompt kept in TOML (the ones in snippets.toml here, plus the project's .kit/snippets.toml); `/snippet` alone lists them, or lets you pick one in the terminal UI.
//
// An extension in several files with a dependency of its own: this entry (main.ts) registers with
// kit, lib/config.ts reads the TOML with the `smol-toml` package from this folder's node_modules/, and
// lib/prompt.ts fills and lists the snippets. Install the dependency once, inside this folder:
//   BUN_BE_BUN=1 kit install --production --ignore-scripts     (or: npm install --omit=dev --ignore-scripts)
import { join, relative, resolve } from "node:path";
import type { Context, ExtensionAPI } from "kit/ext";
import { readSnippets, type Snippet } from "./lib/config.ts";
import { fill, listSnippets, needsInput } from "./lib/prompt.ts";

/** Shipped with the extension; the project's file (option snippets-file) adds to it and wins by name. */
const BUILT_IN = join(import.meta.dir, "snippets.toml");

function load(ctx: Context) {
  const project = resolve(ctx.cwd, ctx.getOption("snippets-file"));
  return readSnippets([{ file: BUILT_IN }, { file: project, label: relative(ctx.cwd, project) }]);
}

function listing(ctx: Context, snippets: Map<string, Snippet>, problems: string[]): string {
  const source = (s: Snippet) => (s.file === BUILT_IN ? "built in" : relative(ctx.cwd, s.file));
  const lines = ["Snippets (/snippet <name> [text]):", ...listSnippets(snippets.values(), source)];
  if (problems.length > 0) lines.push("Problems:", ...problems.map((p) => `  ${p}`));
  return lines.join("\n");
}

/** Sends the snippet, asking for its text in the terminal UI when it needs one and none was given. */
async function send(ctx: Context, snippet: Snippet, input: string): Promise<string | void> {
  let text = input;
  if (needsInput(snippet) && text.trim() === "" && ctx.interactive) {
    const answer = await ctx.promptInput({ message: `Text for {{input}} of "${snippet.name}"`, placeholder: "src/app.ts" });
    if (answer.cancelled) return;
    text = answer.value;
  }
  const message = fill(snippet, text);
  if (message === undefined) return `/snippet ${snippet.name} needs a text for {{input}}: /snippet ${snippet.name} <text>`;
  ctx.sendMessage(message);
}

export default function snippets(kit: ExtensionAPI) {
  kit.registerOption({
    name: "snippets-file",
    description: "The project's snippet file (TOML), relative to the working directory",
    default: ".kit/snippets.toml",
  });

  // Mistakes in a snippet file are reported when the session starts, with file:line:column.
  kit.onSessionStart((_event, ctx) => {
    for (const problem of load(ctx).problems) ctx.printError(`snippets: ${problem}`);
  });

  kit.registerCommand({
    name: "snippet",
    description: "Send a saved prompt: /snippet <name> [text]; /snippet lists them (or picks one in the terminal UI)",
    async execute(args, ctx) {
      const { snippets, problems } = load(ctx);
      const [, name = "", input = ""] = /^\s*(\S*)\s*([\s\S]*)$/.exec(args) ?? [];
      if (name === "") {
        if (!ctx.interactive || snippets.size === 0) return listing(ctx, snippets, problems);
        const all = [...snippets.values()].sort((a, b) => a.name.localeCompare(b.name));
        const choice = await ctx.promptSelect({
          message: "Send which snippet?",
          options: all.map((s) => (s.description ? `${s.name}: ${s.description}` : s.name)),
        });
        const picked = all[choice.index];
        if (choice.cancelled || !picked) return;
        return send(ctx, picked, "");
      }
      const snippet = snippets.get(name);
      if (!snippet) return `No snippet "${name}".\n${listing(ctx, snippets, problems)}`;
      return send(ctx, snippet, input);
    },
    complete: (prefix, ctx) => [...load(ctx).snippets.keys()].filter((n) => n.startsWith(prefix)).sort(),
  });
}
