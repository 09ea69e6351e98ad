import type { HostOutput, HostUI } from "../extensions/host.ts";
import { stripAnsi } from "../ui/ansi.ts";
import type { AppOutput } from "./app-types.ts";
import type { MessageRendering } from "./message-renderers.ts";

export interface ExtensionOutputSource {
  /** The mode's output, read at each call. */
  readonly output: AppOutput;
  /** The interactive mode's UI, which draws rendered messages into its transcript; undefined headless. */
  ui(): HostUI | undefined;
  rendering: MessageRendering;
}

/**
 * The output members of the Context (print, printInfo, printError, printBlock, renderMessage), in
 * every mode: through the mode's output, and renderMessage through the UI when there is one.
 */
export function createExtensionOutput(src: ExtensionOutputSource): HostOutput {
  return {
    print: (text) => src.output.print(text),
    printInfo: (text) => src.output.printInfo(text),
    printError: (text) => src.output.printError(text),
    printBlock: (opts) => src.output.printBlock(opts),
    renderMessage: (rendererName, content) => {
      const ui = src.ui();
      if (ui) return ui.renderMessage(rendererName, content);
      const text = src.rendering.render(String(rendererName), String(content), process.stdout.columns || 80);
      // Plain text for a pipe or a file; a terminal gets the renderer's colours.
      src.output.print(process.stdout.isTTY ? text : stripAnsi(text));
    },
  };
}
