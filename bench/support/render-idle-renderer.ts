/**
 * A child of bench/render.ts's idle figures: kit's real ProcessTerminal in raw mode and a renderer
 * that drew one frame, then nothing until the bench kills it (raw stdin keeps it alive). A file of
 * its own, so that it loads no more of kit than the terminal and the renderer.
 */
import { Renderer } from "../../src/ui/renderer/renderer.ts";
import { ProcessTerminal } from "../../src/ui/terminal/process-terminal.ts";

const terminal = new ProcessTerminal();
const renderer = new Renderer(terminal);
terminal.enterRawMode();
renderer.render(["", "> ", "─".repeat(terminal.columns), "status: idle"], { row: 1, col: 2 });
renderer.flush();
