/**
 * A KitApp over the scripted provider, as headless.ts builds one but without a mode: config from
 * flags, a session file (or memory) in a temp dir, the core tools, and an output that records.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AgentEvent } from "../../src/agent/types.ts";
import { KitApp, type AppOutput, type ModeHooks } from "../../src/app/app.ts";
import type { AppResources } from "../../src/app/resources.ts";
import { permissionsFor } from "../../src/app/permissions.ts";
import { ModelRuntime } from "../../src/app/runtime.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { FlagValues } from "../../src/config/coerce.ts";
import { StateStore } from "../../src/session/state-store.ts";
import { SessionStore } from "../../src/session/store.ts";
import { createCoreTools } from "../../src/tools/index.ts";
import { OutputFiles } from "../../src/tools/output-files.ts";
import { createSubagentTool } from "../../src/tools/subagent.ts";
import type { Tool } from "../../src/tools/types.ts";
import type { MockLLM } from "../support/mock-llm.ts";
import { tempDir as sharedTempDir } from "../support/temp-dir.ts";

export const MODEL = "anthropic/claude-haiku-4-5";

export function tempDir(files: Record<string, string> = {}): string {
  const dir = sharedTempDir("kit-app-");
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

export interface Recorded extends AppOutput {
  prints: string[];
  infos: string[];
  errors: string[];
  events: AgentEvent[];
}

export function recordingOutput(): Recorded {
  const r: Recorded = {
    prints: [],
    infos: [],
    errors: [],
    events: [],
    print: (t) => void r.prints.push(t),
    printInfo: (t) => void r.infos.push(t),
    printError: (t) => void r.errors.push(t),
    printBlock: (o) => void r.prints.push(o.text),
    event: (ev) => void r.events.push(ev),
    compaction: () => {},
  };
  return r;
}

export interface TestApp {
  app: KitApp;
  output: Recorded;
  session: SessionStore;
  cwd: string;
  tools: Tool[];
}

export interface TestAppOptions {
  mock: MockLLM;
  cwd?: string;
  flags?: FlagValues;
  /** Default: a session file in a temp dir. */
  inMemory?: boolean;
  resources?: AppResources;
  /** Extra tools after the core ones and subagent. */
  extraTools?: Tool[];
  /** A mode's hooks (default: none, as headless). */
  hooks?: ModeHooks;
  /** --allow rules. */
  allowRules?: string[];
}

export function testApp(o: TestAppOptions): TestApp {
  const cwd = o.cwd ?? tempDir();
  const home = tempDir();
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local", "share"), ANTHROPIC_API_KEY: "test-key" };
  const config = loadConfig({ cwd, env, flags: { model: MODEL, "provider-url": o.mock.url, "no-extensions": true, "max-retries": 0, ...o.flags } as FlagValues });
  const runtime = new ModelRuntime(config, env);
  const session = o.inMemory ? SessionStore.inMemory({ cwd }) : SessionStore.create({ cwd, dir: join(tempDir(), "sessions") });
  let app: KitApp | undefined;
  const toolOptions = { cwd, bashTimeout: 120, bashMaxTimeout: 600, outputFiles: new OutputFiles(sharedTempDir("kit-output-")) };
  const tools = [
    ...createCoreTools(toolOptions),
    createSubagentTool({ agents: o.resources?.agents ?? [], run: (args, rc) => app!.subagents.runTool(args, rc) }),
    ...(o.extraTools ?? []),
  ];
  const output = recordingOutput();
  app = new KitApp({
    config,
    cwd,
    env,
    runtime,
    session,
    state: new StateStore(session.path),
    coreTools: tools,
    toolOptions,
    permissions: permissionsFor({
      mode: config.string("permission-mode"),
      cwd,
      dataDir: config.paths.dataDir,
      allowRules: o.allowRules ?? [],
      ...(o.hooks?.askPermission ? { ask: o.hooks.askPermission.bind(o.hooks) } : {}),
      report: (m) => output.printError(m),
    }),
    systemPrompt: "You are the parent.",
    interactive: false,
    output,
    extensionPaths: [],
    ...(o.resources ? { resources: o.resources } : {}),
    ...(o.hooks ? { hooks: o.hooks } : {}),
  });
  return { app, output, session, cwd, tools };
}

/** Tool names offered in a recorded Anthropic request. */
export const toolNames = (body: any): string[] => ((body.tools ?? []) as { name: string }[]).map((t) => t.name);

/** The system prompt of a recorded Anthropic request as one text. */
export const systemText = (body: any): string => (typeof body.system === "string" ? body.system : (body.system ?? []).map((b: any) => b.text).join("\n"));

/** The texts of a recorded request's messages, role: text. */
export function messagesOf(body: any): string[] {
  return (body.messages as any[]).map((m) => {
    const content = typeof m.content === "string" ? m.content : m.content.map((b: any) => b.text ?? (b.type === "tool_result" ? `[result] ${typeof b.content === "string" ? b.content : b.content.map((c: any) => c.text).join("")}` : `[${b.type}]`)).join("\n");
    return `${m.role}: ${content}`;
  });
}
