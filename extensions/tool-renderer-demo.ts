// Tool renderers: `bash` calls show as "Shell" with the command line as header arguments (kit keeps the status mark and the name before them) and the output closed by a coloured exit status; `read` results render as a markdown code block.
import type { Context, ExtensionAPI, ThemeColors } from "kit/ext";

/** Longer output is left to the built-in body, which knows how to truncate and scroll. */
const MAX_BASH_LINES = 40;
const MAX_READ_LINES = 200;

/** Cuts a line to `width` columns, marking the cut with "…". */
function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

function parseArgs(argsJson: string): Record<string, unknown> | undefined {
  try {
    const args: unknown = JSON.parse(argsJson);
    return typeof args === "object" && args !== null ? (args as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** "$ npm test (+2 lines) ⏱ 30s" */
function bashHeader(argsJson: string, width: number): string {
  const args = parseArgs(argsJson);
  const command = typeof args?.command === "string" ? args.command.trim() : "";
  if (command === "") return ""; // built-in header
  const [first, ...rest] = command.split("\n");
  const more = rest.length > 0 ? ` (+${rest.length} line${rest.length === 1 ? "" : "s"})` : "";
  const timeout = typeof args?.timeout === "number" ? ` ⏱ ${args.timeout}s` : "";
  return fit(`$ ${first}${more}${timeout}`, width);
}

/**
 * The bash tool returns the output, then, when it failed, a last paragraph saying why
 * ("Exit code: 2", a timeout, a kill). The output is shown as it is and the status coloured below it.
 */
function bashBody(result: string, isError: boolean, width: number, theme: ThemeColors | undefined): string {
  const paint = (slot: "success" | "error" | "warning" | "muted", text: string, bold = false) =>
    theme ? theme.paint(theme[slot], text, { bold }) : text;
  let output = result;
  let failure: string | undefined;
  if (isError) {
    const cut = result.lastIndexOf("\n\n");
    failure = (cut < 0 ? result : result.slice(cut + 2)).trim();
    output = cut < 0 ? "" : result.slice(0, cut);
  }
  output = output.replace(/\n+$/, "");
  const lines = output === "" ? [] : output.split("\n");
  if (lines.length > MAX_BASH_LINES) return "";

  const body = lines.map((l) => (l === "(no output)" ? paint("muted", l) : fit(l, width)));
  const exit = failure === undefined ? "0" : /^Exit code: (\d+)$/.exec(failure)?.[1];
  if (exit === "0") body.push(paint("success", "✓ exit 0"));
  else if (exit !== undefined) body.push(paint("error", `✗ exit ${exit}`, true));
  else body.push(paint("warning", fit(`✗ ${failure}`, width), true));
  return body.join("\n");
}

/** "src/app.ts, lines 10–29" */
function readHeader(argsJson: string, width: number): string {
  const args = parseArgs(argsJson);
  if (typeof args?.path !== "string") return "";
  const offset = typeof args.offset === "number" ? args.offset : 1;
  const range = typeof args.limit === "number" ? `, lines ${offset}–${offset + args.limit - 1}` : offset > 1 ? `, from line ${offset}` : "";
  return fit(`${args.path}${range}`, width);
}

/** The file as a fenced code block (bodyMarkdown renders it); errors and long files get the built-in body. */
function readBody(result: string, isError: boolean): string {
  const lines = result.replace(/\n$/, "").split("\n");
  if (isError || lines.length > MAX_READ_LINES) return "";
  // A fence longer than any run of backticks in the file, so the file cannot close it.
  const longest = Math.max(0, ...(result.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `*${lines.length} line${lines.length === 1 ? "" : "s"}*\n\n${fence}\n${lines.join("\n")}\n${fence}`;
}

export default function toolRendererDemo(kit: ExtensionAPI) {
  // Renderers get no context; keep the session's, so the body follows the current theme.
  let ctx: Context | undefined;
  kit.onSessionStart((_e, c) => {
    ctx = c;
  });

  kit.registerToolRenderer({
    toolName: "bash",
    displayName: "Shell",
    renderHeader: bashHeader,
    renderBody: (result, isError, width) => bashBody(result, isError, width, ctx?.getTheme()),
  });

  kit.registerToolRenderer({
    toolName: "read",
    displayName: "Read",
    bodyMarkdown: true,
    renderHeader: readHeader,
    renderBody: readBody,
  });
}
