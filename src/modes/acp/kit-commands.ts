/**
 * kit's own slash commands that mean something in an editor session: /compact, /usage, /name. The
 * others of the interactive UI are the editor's job there (/new, /resume, /quit), config options
 * (/model, the permission modes) or need the terminal (README, "Editors (ACP)").
 */
import type { AvailableCommand } from "@agentclientprotocol/sdk";
import type { KitApp } from "../../app/app.ts";
import { usageLines } from "../../app/session-data.ts";

export interface KitCommand extends AvailableCommand {
  /** The answer shown to the editor as the agent's message. */
  run(args: string): Promise<string> | string;
}

export function kitCommands(app: KitApp): KitCommand[] {
  return [
    {
      name: "compact",
      description: "Summarise the conversation to free context",
      input: { hint: "what the summary should keep (optional)" },
      run: async (focus) => {
        try {
          const outcome = await app.compactManually(focus || undefined);
          if ("skipped" in outcome) return outcome.skipped;
          return `Compacted the conversation: about ${outcome.tokensBefore} → ${outcome.tokensAfter} tokens.`;
        } catch (e) {
          return `compaction failed: ${(e as Error).message}`;
        }
      },
    },
    {
      name: "usage",
      description: "Tokens, cost and context use of this session",
      run: () => usageLines(app.sessionData, app.runtime.subscription).join("\n"),
    },
    {
      name: "name",
      description: "Name this session",
      input: { hint: "the session's name" },
      run: (name) => {
        if (!name) return app.session.name ? `This session is "${app.session.name}".` : "This session has no name: /name <name> gives it one.";
        app.session.setName(name);
        return `Session named "${name}".`;
      },
    },
  ];
}

/** The kit command `text` ("/name args") names, with its arguments; undefined for anything else. */
export function kitCommandOf(commands: readonly KitCommand[], text: string): { command: KitCommand; args: string } | undefined {
  const match = /^\/([^\s/]+)(?:\s+([\s\S]*))?$/.exec(text.trimEnd());
  const command = match && commands.find((c) => c.name === match[1]);
  return command ? { command, args: (match![2] ?? "").trim() } : undefined;
}
