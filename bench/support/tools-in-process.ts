/**
 * Child process of the Tools area: runs one built-in tool once, as the agent loop calls it, in the
 * working directory given, and prints `{ ms, chars }` (the tool's own time, without process start).
 * Usage: tools-in-process.ts <cwd> <tool> <args as JSON>
 */
import { createFindTool } from "../../src/tools/find.ts";
import { createGrepTool } from "../../src/tools/grep.ts";
import { createLsTool } from "../../src/tools/ls.ts";
import { OutputFiles } from "../../src/tools/output-files.ts";
import { createReadTool } from "../../src/tools/read.ts";

const [cwd, name, json] = process.argv.slice(2);
const opts = { cwd: cwd!, bashTimeout: 120, bashMaxTimeout: 600, outputFiles: new OutputFiles(cwd!) };
const create = { grep: createGrepTool, find: createFindTool, read: createReadTool, ls: createLsTool }[name!];
if (!create) throw new Error(`unknown tool ${name}: grep, find, read or ls`);
const started = performance.now();
const out = await create(opts).execute(JSON.parse(json!), { toolCallId: "bench", signal: new AbortController().signal, onOutput() {} });
const ms = performance.now() - started;
const text = typeof out.content === "string" ? out.content : JSON.stringify(out.content);
console.log(JSON.stringify({ ms, chars: text.length }));
