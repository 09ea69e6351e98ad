import { createBashTool } from "./bash.ts";
import { createEditTool } from "./edit.ts";
import { createFindTool } from "./find.ts";
import { createGrepTool } from "./grep.ts";
import { createLsTool } from "./ls.ts";
import { createReadTool } from "./read.ts";
import type { Tool, ToolOptions } from "./types.ts";
import { createWriteTool } from "./write.ts";

export { createBashTool, createEditTool, createFindTool, createGrepTool, createLsTool, createReadTool, createWriteTool };

/** Names of the built-in tools created here, in the order they are offered (subagent is separate). */
export const CORE_TOOL_NAMES = ["read", "write", "edit", "bash", "grep", "find", "ls"] as const;
export type CoreToolName = (typeof CORE_TOOL_NAMES)[number];

export function createCoreTools(opts: ToolOptions): Tool[] {
  return [
    createReadTool(opts),
    createWriteTool(opts),
    createEditTool(opts),
    createBashTool(opts),
    createGrepTool(opts),
    createFindTool(opts),
    createLsTool(opts),
  ];
}
