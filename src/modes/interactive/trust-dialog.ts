/**
 * The one question kit asks on first start in a project whose extensions, MCP servers or config
 * could run code or redirect the user's keys (app/project-trust.ts): it lists exactly what would
 * load and offers trust, trust this time, or skip. Asked with @clack/prompts before the UI takes
 * the terminal, as kit's other prompts outside the UI are.
 */
import { isCancel, note, select } from "@clack/prompts";
import { describeItems, type TrustChoice, type UntrustedProject } from "../../app/project-trust.ts";

export async function askProjectTrust(u: UntrustedProject): Promise<TrustChoice | "quit"> {
  const why = u.wasTrusted ? "changed since you trusted it" : "has items that can run code or send your API key elsewhere";
  note(describeItems(u).join("\n"), `This project (${u.project}) ${why}`);
  const choice = await select<TrustChoice>({
    message: "Load them?",
    options: [
      { value: "trust", label: "Trust", hint: "load them now and whenever they are unchanged" },
      { value: "once", label: "Trust this time", hint: "load them for this run only" },
      { value: "skip", label: "Skip project items", hint: "run without them" },
    ],
    initialValue: "skip",
  });
  return isCancel(choice) ? "quit" : choice;
}
