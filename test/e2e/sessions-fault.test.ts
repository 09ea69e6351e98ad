/**
 * Sessions never lose work: the built binary is killed with SIGKILL at random moments while it
 * continues one session with -c (during startup, while a reply streams, while a tool runs, after
 * the run ended), many times over. After every kill:
 *
 * - `kit sessions check` passes on the file, or `--repair` makes it pass;
 * - every turn that had completed (its final assistant message on disk) is still complete;
 * - everything the killed run had shown as done (a `tool_call` event, the `result` event) is on disk;
 * - the next `kit -c` on a scripted turn succeeds, and its request carries every message of the file,
 *   in order, so every turn completed before reaches the model.
 *
 * The moments come from a seeded PRNG; the seed is printed, and KIT_FAULT_SEED=<seed> replays a run's
 * choices (the timing of the machine still varies). KIT_FAULT_RUNS sets the number of kills.
 * Nothing here measures speed: delays only decide where a kill lands.
 */
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { KIT_BIN, runKit } from "../support/kit-process.ts";
import { startMockLLM, text, toolCall, type Step } from "../support/mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";
import { expectInOrder, expectValidConversation, fileAtoms, jsonlFiles, readLines, requestAtoms, sessionDirOf, type Line } from "./sessions-support.ts";
import { prng } from "../support/prng.ts";

const RUNS = Number(process.env.KIT_FAULT_RUNS ?? 60);
const SEED = Number(process.env.KIT_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));


type Kind = "text" | "tools";

/** The reply of run `i`: streamed in small frames, with non-ASCII and a U+2028 inside. */
const replyOf = (i: number) => `reply ${i}: done — café ✓ line\u2028separator, and some more words so the stream takes a while to arrive.`;
const promptOf = (i: number) => `prompt ${i}`;

function script(kind: Kind, i: number): Step[] {
  const stream = { chunkSize: 6, tokenDelayMs: 3 };
  const answer = text(replyOf(i), stream);
  if (kind === "text") return [answer];
  return [
    toolCall("bash", { command: `sleep 0.12; echo tool output ${i}` }, stream),
    toolCall("ls", { path: "." }, stream),
    answer,
  ];
}

/** Message entries grouped by turn: each group starts at a user message. */
function turnsOf(entries: Line[]): { prompt: string; messages: Line[] }[] {
  const turns: { prompt: string; messages: Line[] }[] = [];
  for (const e of entries) {
    if (e.type !== "message") continue;
    if (e.role === "user") turns.push({ prompt: e.content.find((p: any) => p.type === "text")?.text ?? "", messages: [e] });
    else turns.at(-1)?.messages.push(e);
  }
  return turns;
}

/** A turn is complete when its final assistant message (one that stopped without calling tools) is on disk. */
function isComplete(turn: { messages: Line[] }): boolean {
  const last = turn.messages.at(-1)!;
  return last.role === "assistant" && last.stopReason === "stop" && !last.content.some((p: any) => p.type === "tool_call");
}

/** Where a kill landed, judged by what the file shows of that run's turn. */
function phaseOf(turn: { messages: Line[] } | undefined, exitedByItself: boolean): string {
  if (exitedByItself) return "after completion";
  if (!turn) return "startup (nothing written)";
  if (isComplete(turn)) return "after the answer was stored";
  const roles = turn.messages.map((m) => m.role);
  if (roles.length === 1) return "waiting for / streaming the first reply";
  if (roles.at(-1) === "assistant") return "mid-tool (call stored, no result yet)";
  return "streaming after a tool result";
}

test(
  `SIGKILL at random moments never loses a completed turn (${RUNS} kills)`,
  async () => {
    console.log(`sessions-fault: seed ${SEED} (replay with KIT_FAULT_SEED=${SEED}), ${RUNS} kills`);
    const random = prng(SEED);
    const env = userEnv();
    const cwd = project({ "notes.txt": "ship on Friday\n" });
    const dir = sessionDirOf(env, cwd);

    /** The session file of the project (at most one ever exists: every run continues it). */
    const sessionFile = (): string | undefined => {
      const files = jsonlFiles(dir);
      expect(files.length).toBeLessThanOrEqual(1);
      return files[0];
    };
    const entries = (): Line[] => {
      const f = sessionFile();
      return f ? readLines(f).slice(1) : [];
    };

    const completed = new Set<string>();
    const phases = new Map<string, number>();
    const duration: Record<Kind, number> = { text: 0, tools: 0 };
    let repairs = 0;

    for (let i = 0; i < RUNS; i++) {
      const kind: Kind = i % 2 === 0 ? "text" : "tools";
      // The first run of each kind runs to its end and sets the range the kills are drawn from:
      // 0 (startup) to 1.25 × its duration (past the end).
      const calibrating = duration[kind] === 0;
      const delay = calibrating ? Infinity : random() * duration[kind] * 1.25;

      // The killed run.
      const mock = await startMockLLM({ script: script(kind, i) });
      const started = performance.now();
      const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "-c", "--no-extensions", "--output", "stream-json", promptOf(i)], {
        cwd,
        env,
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
      });
      const stdoutText = new Response(proc.stdout).text();
      const stderrText = new Response(proc.stderr).text();
      if (delay !== Infinity) {
        await Promise.race([Bun.sleep(delay), proc.exited]);
        proc.kill("SIGKILL");
      }
      const code = await proc.exited;
      if (calibrating) duration[kind] = performance.now() - started;
      const [shown, stderr] = await Promise.all([stdoutText, stderrText]);
      await mock.close();
      const exitedByItself = proc.signalCode === null;
      const context = `run ${i} (${kind}, kill after ${delay.toFixed(1)} ms, seed ${SEED})`;
      if (exitedByItself) expect(code, `${context}: ${stderr}`).toBe(0);

      // The file checks ok, or --repair mends it.
      const path = sessionFile();
      if (path) {
        const check = await runKit(["sessions", "check", path], { cwd, env });
        if (check.exitCode !== 0) {
          expect(check.exitCode, `${context}: ${check.stdout}${check.stderr}`).toBe(1);
          const repair = await runKit(["sessions", "check", "--repair", path], { cwd, env });
          expect(repair.exitCode, `${context}: ${repair.stdout}${repair.stderr}`).toBe(0);
          repairs++;
          const again = await runKit(["sessions", "check", path], { cwd, env });
          expect(again.exitCode, `${context}: ${again.stdout}`).toBe(0);
        }
      }

      const now = entries();
      const turns = turnsOf(now);
      const thisTurn = turns.find((t) => t.prompt === promptOf(i));
      const phase = phaseOf(thisTurn, exitedByItself);
      phases.set(phase, (phases.get(phase) ?? 0) + 1);

      // Nothing completed before is lost, and a run that finished by itself left a complete turn.
      const completeNow = new Set(turns.filter(isComplete).map((t) => t.prompt));
      for (const prompt of completed) expect(completeNow.has(prompt), `${context}: turn "${prompt}" was complete before`).toBe(true);
      if (exitedByItself) expect(completeNow.has(promptOf(i)), `${context}: exited 0 but its turn is not complete on disk`).toBe(true);
      // What the run showed as done is on disk: each tool call it reported, and its result line.
      const storedCalls = new Set(now.flatMap((e) => (e.type === "message" ? e.content : [])).filter((p: any) => p.type === "tool_call").map((p: any) => p.id));
      // Every complete line (the one being written when the kill came has no newline yet).
      for (const line of shown.split("\n").slice(0, -1)) {
        const ev = JSON.parse(line);
        if (ev.type === "tool_call") expect(storedCalls.has(ev.id), `${context}: tool call ${ev.id} was shown but is not stored`).toBe(true);
        if (ev.type === "result") expect(completeNow.has(promptOf(i)), `${context}: result shown but the turn is not stored`).toBe(true);
      }
      for (const prompt of completeNow) completed.add(prompt);

      // The next -c works, and the model gets everything the file holds, in order.
      const next = await startMockLLM({ script: [text(`continued ${i}`)] });
      const r = await runKit(["--provider-url", next.url, "-c", "--no-extensions", "--quiet", `continue ${i}`], { cwd, env });
      await next.close();
      expect(r.exitCode, `${context}: kit -c failed: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe(`continued ${i}\n`);
      expect(next.requests).toHaveLength(1);
      // A dangling call (killed mid-tool) is answered ("interrupted"), so a real API accepts the history.
      expectValidConversation(next.requests[0]!);
      const sent = requestAtoms(next.requests[0]!);
      expectInOrder(sent, [...fileAtoms(now), `user: continue ${i}`]);
      for (const prompt of completed) {
        const k = Number(prompt.split(" ")[1]);
        const reply = prompt.startsWith("prompt ") ? `assistant: ${replyOf(k)}` : `assistant: continued ${k}`;
        expectInOrder(sent, [`user: ${prompt}`, reply]);
      }
      completed.add(`continue ${i}`);
    }

    const path = sessionFile()!;
    expect(existsSync(path)).toBe(true);
    expect((await runKit(["sessions", "check", path], { cwd, env })).exitCode).toBe(0);
    console.log(
      `sessions-fault: ${RUNS} runs, ${repairs} repaired, ${completed.size} completed turns kept; kills landed:\n` +
        [...phases].map(([p, n]) => `  ${String(n).padStart(3)}  ${p}`).join("\n"),
    );
    // The kills really interrupted turns (otherwise this test proved nothing).
    const midTurn = [...phases].filter(([p]) => !["after completion", "after the answer was stored", "startup (nothing written)"].includes(p));
    expect(midTurn.reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(0);
  },
  240_000,
);
