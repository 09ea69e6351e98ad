/**
 * Mutations of a valid file, for fuzzing the parsers of the files kit reads: each one damages the
 * text the way an editor, a bad merge, a truncated write or a hostile author would (cut, duplicate,
 * swap, insert YAML and JSON syntax, aliases and alias bombs, deep nesting, control bytes).
 * Deterministic per seed (test/support/prng.ts), so a failure names the seed that replays it.
 */
import { prng } from "./prng.ts";

const TOKENS = [
  "*a", "&a ", "&a [*a]", "*nope", "<<: *a", "[", "]", "{", "}", ":", ": ", "- ", ",", '"', "'", "\\", "\n", "\t", "  ",
  "---\n", "...\n", "? ", "| ", "> ", "!!binary ", "!!js/function ", "!custom ", "%YAML 1.1\n", "#", "@", "`",
  "\u0000", "\uFEFF", "\u001b[2J", "\r", "1e999", "-0", "0x1F", "null", "~", "true", "[]", "{}", '""', "\ud800",
];

/** An anchor expanded 9^levels times through `levels` levels of aliases: small text, huge data. */
function aliasBomb(levels: number): string {
  const lines = ["b0: &b0 [x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i <= levels; i++) lines.push(`b${i}: &b${i} [${Array(9).fill(`*b${i - 1}`).join(", ")}]`);
  return lines.join("\n") + "\n";
}

export function mutate(text: string, seed: number): string {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  let out = text;
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const at = int(out.length + 1);
    const span = 1 + int(Math.max(1, Math.min(40, out.length - at)));
    switch (int(9)) {
      case 0: // cut a span
        out = out.slice(0, at) + out.slice(at + span);
        break;
      case 1: // duplicate a span
        out = out.slice(0, at + span) + out.slice(at, at + span) + out.slice(at + span);
        break;
      case 2:
      case 3: // insert syntax
        out = out.slice(0, at) + pick(TOKENS) + out.slice(at);
        break;
      case 4: { // swap two lines
        const lines = out.split("\n");
        const i = int(lines.length);
        const j = int(lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        out = lines.join("\n");
        break;
      }
      case 5: // truncate (an interrupted write)
        out = out.slice(0, at);
        break;
      case 6: // flip one character
        if (out.length > 0) out = out.slice(0, at) + String.fromCharCode(int(128)) + out.slice(at + 1);
        break;
      case 7: // deep nesting
        out = out.slice(0, at) + pick(["[", "{", "- "]).repeat(200 + int(2000)) + out.slice(at);
        break;
      case 8: // an alias bomb, or an unresolved or cyclic alias, at the start of a line
        out = out.slice(0, lineStart(out, at)) + pick([aliasBomb(3 + int(5)), "k: *missing\n", "k: &c [*c]\n"]) + out.slice(lineStart(out, at));
        break;
    }
  }
  return out;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}
