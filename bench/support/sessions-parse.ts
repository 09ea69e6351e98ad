import { readFileSync } from "node:fs";

/**
 * The floor of reading a session: the whole file read and every line JSON.parsed, nothing kept. What
 * a reader that parses every line on open must pay; kit's store parses only what resuming needs, so
 * it can go below it. Returns the number of lines parsed.
 */
export function parseEveryLine(path: string): number {
  let lines = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) if (line !== "") lines += JSON.parse(line) ? 1 : 0;
  return lines;
}
