import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import type { ImagePart, Part, TextPart } from "../llm/types.ts";
import { looksBinary, sniffImage } from "../tools/file-kind.ts";

/** Largest attached text file inlined whole; beyond it the head is inlined with a note. */
const MAX_ATTACHMENT_BYTES = 256 * 1024;

export interface PromptInput {
  /** The prompt words joined by spaces ("" when none were given). */
  words: string;
  /** All of stdin when it is not a terminal; undefined when it is one (never read then). */
  stdin?: string;
}

/**
 * The prompt text of a headless run from its words and stdin (spec/cli.md, Invocation): stdin is
 * inlined before a prompt as <stdin>…</stdin>, is the prompt when there is none or the prompt is
 * "-", and an empty result is a usage error.
 */
export function promptText(input: PromptInput): string {
  const words = input.words.trim();
  const stdin = input.stdin ?? "";
  if (words === "-") {
    if (stdin.trim() === "") throw new UsageError("the prompt is '-' but stdin is empty: pipe the prompt in, e.g. echo 'hi' | kit -");
    return stdin;
  }
  if (words === "") {
    if (stdin.trim() === "") throw new UsageError('empty prompt: give one as arguments (kit "fix the tests") or pipe it on stdin');
    return stdin;
  }
  return stdin.trim() === "" ? words : `<stdin>\n${stdin.replace(/\n$/, "")}\n</stdin>\n\n${words}`;
}

/** `@path` or `@"path with spaces"` at the start of the text or after whitespace (so e-mail addresses stay text). */
const AT_REFERENCE = /(^|\s)@(?:"([^"]+)"|(\S+))/g;

export interface UserMessageResult {
  /** The prompt text (stdin inlined as the spec says). */
  text: string;
  /** Where the prompt came from, for the `input` event. */
  source: "cli" | "stdin";
  /** Attached files and images, which go before the text. */
  attachments: Part[];
  /** Absolute paths that were attached. */
  attached: string[];
  warnings: string[];
}

/**
 * Builds the user message: files named by @references are attached before the prompt (text as
 * <file path="ABS">…</file>, images as image parts); a reference to a missing path stays literal.
 * A whole argument starting with "@" names one path, spaces included.
 */
export function buildUserMessage(args: string[], stdinBytes: Uint8Array | undefined, cwd: string): UserMessageResult {
  const warnings: string[] = [];
  const words = args.join(" ");
  // The platform has already decoded the arguments, turning bytes that are not UTF-8 into U+FFFD.
  if (words.includes("\uFFFD")) warnings.push(`the prompt arguments are not valid UTF-8: ${REPLACED}`);
  const stdin = stdinBytes && decodeUtf8(stdinBytes, "stdin", warnings);
  const text = promptText({ words, stdin });
  const references: string[] = [];
  for (const arg of args) {
    if (arg.startsWith("@") && arg.length > 1 && existsAsFile(resolveRef(arg.slice(1), cwd))) references.push(arg.slice(1));
  }
  // Only the prompt is scanned for @references. Piped data inlined before a prompt (<stdin>) is
  // content, not instructions: expanding it would let any text piped in (a web page, a diff) make
  // kit read local files and send them to the provider.
  const stdinIsData = words.trim() !== "" && words.trim() !== "-";
  for (const match of (stdinIsData ? words : text).matchAll(AT_REFERENCE)) {
    const ref = (match[2] ?? match[3] ?? "").replace(/[.,;:!?)]+$/, "");
    // "@my" of a whole-argument reference "@my notes.txt" is not a reference of its own; "@mcp:…" is an MCP resource (app/mcp-input.ts).
    if (ref && !ref.startsWith("mcp:") && !references.includes(ref) && !references.some((r) => r.startsWith(`${ref} `))) references.push(ref);
  }

  const files: TextPart[] = [];
  const images: ImagePart[] = [];
  const attached: string[] = [];
  for (const ref of references) {
    const path = resolveRef(ref, cwd);
    if (!existsAsFile(path)) {
      warnings.push(`@${ref}: no such file; it was sent as text`);
      continue;
    }
    if (attached.includes(path)) continue;
    const bytes = readFileSync(path);
    const mediaType = sniffImage(bytes);
    if (mediaType) {
      images.push({ type: "image", mediaType, data: bytes.toString("base64") });
    } else if (looksBinary(bytes)) {
      warnings.push(`@${ref} is a binary file; it was not attached`);
      continue;
    } else {
      let content = decodeUtf8(bytes.subarray(0, MAX_ATTACHMENT_BYTES), `@${ref}`, warnings, bytes.length > MAX_ATTACHMENT_BYTES);
      if (bytes.length > MAX_ATTACHMENT_BYTES) {
        content += `\n[… attachment cut at ${MAX_ATTACHMENT_BYTES / 1024} KB of ${Math.ceil(bytes.length / 1024)} KB; use the read tool for the rest]`;
        warnings.push(`@${ref} is larger than ${MAX_ATTACHMENT_BYTES / 1024} KB; only its head was attached`);
      }
      files.push(fileAttachment(path, content));
    }
    attached.push(path);
  }
  // With prompt words the prompt came from the command line; otherwise stdin was the prompt.
  return { text, source: stdinIsData ? "cli" : "stdin", attachments: [...files, ...images], attached, warnings };
}

/** A text file attached to a prompt, as the model reads it: `<file path="ABS">…</file>`. */
export function fileAttachment(path: string, content: string): TextPart {
  return { type: "text", text: `<file path="${path}">\n${content.endsWith("\n") ? content : content + "\n"}</file>` };
}

const REPLACED = "the invalid bytes were replaced with U+FFFD (\uFFFD)";

/**
 * Text from bytes that ought to be UTF-8. Bytes that are not become U+FFFD, and `warnings` gets one
 * line naming `what`, so a Latin-1 file or a binary pipe is not silently garbled. `cut`: the bytes
 * are the head of something longer, so a character split at the end is not an error.
 */
function decodeUtf8(bytes: Uint8Array, what: string, warnings: string[], cut = false): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    warnings.push(`${what} is not valid UTF-8: ${REPLACED}`);
    return new TextDecoder("utf-8").decode(bytes, { stream: cut });
  }
}

function resolveRef(ref: string, cwd: string): string {
  return resolve(cwd, ref.startsWith("~/") ? homedir() + ref.slice(1) : ref);
}

function existsAsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
