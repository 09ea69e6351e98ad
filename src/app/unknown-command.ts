import { closest } from "../did-you-mean.ts";

/**
 * Why `text` cannot be sent: it names a command nobody has (a mode's own, an extension's, an MCP
 * prompt, a prompt template, a skill), most likely a typo. `//text`, a leading space and a first word
 * that is a path (`/usr/bin/env …`) are messages, not commands. One decision for every mode that
 * takes slash commands (the interactive UI, ACP), so a typo is never sent to the model in either.
 */
export function unknownCommand(text: string, names: readonly string[], isMcpServer: (name: string) => boolean, listedBy: string): string | undefined {
  const name = /^\/([^\s/]+)(?:\s|$)/.exec(text)?.[1];
  if (name === undefined || name.startsWith("skill:")) return undefined;
  const server = /^([A-Za-z0-9_-]+):/.exec(name)?.[1];
  if (server && isMcpServer(server)) return undefined;
  if (names.includes(name)) return undefined;
  const near = closest(name, names);
  return `unknown command /${name}${near ? `, did you mean /${near}?` : `; ${listedBy}.`} To send a message that starts with /, begin it with // or a space.`;
}
