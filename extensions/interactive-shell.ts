// Interactive shell: `/shell [command]` hands the terminal to your $SHELL (or runs the command, e.g. `/shell vim notes.md`) with kit's UI suspended, then reports how it exited.
import type { Context, ExtensionAPI } from "kit/ext";

/** What to run: the command through `sh -c`, or an interactive $SHELL when none is given. */
function argv(command: string): string[] {
  if (command !== "") return ["/bin/sh", "-c", command];
  return [process.env.SHELL || "/bin/sh"];
}

/** Runs argv attached to the terminal; resolves to "exit code N" or "killed by SIGNAL". */
async function runAttached(cmd: string[], ctx: Context): Promise<{ code: number | null; how: string }> {
  let code: number | null = null;
  let how = "";
  await ctx.suspendTUI(async () => {
    try {
      const proc = Bun.spawn({ cmd, cwd: ctx.cwd, stdin: "inherit", stdout: "inherit", stderr: "inherit" });
      code = await proc.exited;
      how = proc.signalCode ? `was killed by ${proc.signalCode}` : `exited with code ${code}`;
      if (proc.signalCode) code = null;
    } catch (err) {
      how = `could not start: ${err instanceof Error ? err.message : String(err)}`;
    }
  });
  return { code, how };
}

export default function interactiveShell(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "shell",
    description: "Suspend kit and run $SHELL, or a command (/shell htop), in the terminal",
    execute: async (args, ctx) => {
      if (!ctx.interactive) {
        ctx.printError("/shell needs the interactive terminal (its program reads the keyboard)");
        return;
      }
      const command = args.trim();
      const cmd = argv(command);
      const { code, how } = await runAttached(cmd, ctx);
      const what = command === "" ? cmd[0] : command;
      if (code === 0) ctx.printInfo(`${what} ${how}`);
      else ctx.printError(`${what} ${how}`);
    },
  });
}
