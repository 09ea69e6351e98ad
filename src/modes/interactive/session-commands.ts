/**
 * Slash commands that work on sessions: /new, /clear, /resume, /fork, /tree, /name, /session,
 * /export, /retry, /undo. Switching is the app's (app.sessions: before_session_switch or
 * before_fork, session_shutdown, session_start, extension state re-bound); the mode shows each
 * switch (showSwitch, also for ctx.newSession), replaying a resumed or forked session's recent
 * history into the scrollback.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { SwitchOutcome, SwitchReason } from "../../app/app.ts";
import type { Part } from "../../llm/types.ts";
import { exportJson, exportMarkdown, transcriptOf } from "../../session/export.ts";
import { listAllSessions, listSessions, type SessionSummary } from "../../session/listing.ts";
import type { MessageEntry, SessionEntry, TreeNode } from "../../session/types.ts";
import { countOf } from "../../plural.ts";
import { printableLine } from "../../ui/ansi.ts";
import { formatCost, formatTokens } from "../../ui/components/status-bar.ts";
import { hyperlink } from "../../ui/terminal/hyperlinks.ts";
import { pick } from "./commands.ts";
import type { Controller } from "./controller.ts";
import { SelectModal } from "./modals.ts";
import type { BuiltinCommand } from "./slash-commands.ts";
import { replayBlocks } from "./transcript.ts";

export interface SessionDeps {
  dataDir: string;
  /** The terminal shows OSC 8 links (ui/terminal/hyperlinks.ts): /session links the file. */
  hyperlinks: boolean;
}

/** After a session switch (ModeHooks.switched): where the conversation now is, or why it did not move. */
export function showSwitch(c: Controller, outcome: SwitchOutcome, reason: SwitchReason, hyperlinks: boolean): void {
  if (!outcome.switched) return c.notice("warning", `Not switched: ${outcome.reason}.`);
  c.status.refresh();
  const s = c.app.session;
  c.notice("system", `Session ${s.name ? `"${s.name}" ` : ""}${s.id}${s.path ? "" : " (in memory)"}`);
  if (s.path) c.view.commit([fileLine(s.path, hyperlinks)]);
  // A resumed or forked conversation goes on from what it holds; a new one has nothing to show.
  if (reason === "resume" || reason === "fork") showHistory(c, 60);
}

/**
 * A session file's path on one line however long (the terminal wraps it softly), so a copied path
 * holds neither a border nor a line break; a link where the terminal has them.
 */
function fileLine(path: string, hyperlinks: boolean): string {
  return `  File  ${hyperlinks ? hyperlink(path, pathToFileURL(path).href) : path}`;
}

/** The current branch's last entries, as they were shown when they ran. */
export function showHistory(c: Controller, limit: number): void {
  const toolRenderer = (name: string) => c.toolRenderer(name);
  for (const block of replayBlocks(c.app.session.branch(), c.width, c.theme, { cwd: c.cwd, toolRenderer, limit })) c.commitBlock(block);
}

/** What the user typed in a message: its last text part (attached files and shell output come before it). */
function typedText(entry: SessionEntry | undefined): string | undefined {
  if (entry?.type !== "message") return undefined;
  return entry.content.filter((p) => p.type === "text").map((p) => (p as { text: string }).text).pop();
}

/** The last user message on the branch, split into its typed text and what was attached before it. */
function lastUserMessage(c: Controller): { entry: MessageEntry; text: string; attachments: Part[] } | undefined {
  const entry = c.app.session.entriesOfType("message").filter((e) => e.role === "user").pop();
  if (!entry) return undefined;
  const parts = [...entry.content];
  const lastText = parts.map((p) => p.type).lastIndexOf("text");
  const text = lastText >= 0 ? (parts.splice(lastText, 1)[0] as { text: string }).text : "";
  return { entry, text, attachments: parts };
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 5)}`;
}

export function sessionCommands(c: Controller, deps: SessionDeps): BuiltinCommand[] {
  return [
    {
      name: "new",
      args: "[prompt]",
      description: "Start a new session (and send a first message)",
      run: async (prompt) => {
        if ((await c.app.sessions.startNew("new", prompt)).switched && prompt) c.startWork(prompt);
      },
    },
    {
      name: "clear",
      description: "Start over in a new, empty session (the old one stays on disk)",
      run: async () => void (await c.app.sessions.startNew("clear")),
    },
    {
      name: "resume",
      description: "Open an earlier session (Tab: this directory or all)",
      run: async () => {
        let all = false;
        const list = () => (all ? listAllSessions(deps.dataDir) : listSessions(deps.dataDir, c.cwd)).filter((s) => !s.subagentTask && s.id !== c.app.session.id);
        const items = (sessions: SessionSummary[]) =>
          sessions.map((s) => ({
            label: (printableLine(s.title) || "(empty)").slice(0, 80),
            description: `${when(s.lastActivity)} · ${countOf(s.messageCount, "message")}${all ? ` · ${s.cwd}` : ""}`,
            value: s.path,
            filterText: `${s.title} ${all ? s.cwd : ""}`,
          }));
        const path = await c.modals.open<string | undefined>((finish) => {
          const modal = new SelectModal<string>("Resume a session", items(list()), (choice) => finish(choice?.item.value), {
            hint: "↑↓ move · Enter open · Tab this directory/all · Esc cancel · type to filter",
            onKey: (input, m) => {
              if (input.type === "paste" || input.name !== "tab") return false;
              all = !all;
              m.subtitle = all ? "all directories" : "this directory";
              m.list.setItems(items(list()));
              return true;
            },
          });
          modal.subtitle = "this directory";
          return modal;
        });
        if (!path) return;
        await c.app.sessions.resume(path);
      },
    },
    {
      name: "fork",
      description: "Start a new session from an earlier message of this one",
      run: async () => {
        const users = c.app.session.entriesOfType("message").filter((e) => e.role === "user");
        if (users.length === 0) return c.notice("warning", "There is no message to fork from yet.");
        const items = users.reverse().map((e) => {
          const text = typedText(e) ?? "";
          return { label: text.replace(/\s+/g, " ").slice(0, 100) || "(empty)", value: { entry: e, text } };
        });
        const chosen = await pick(c, "Fork from the message (it returns to the editor)", items);
        if (!chosen) return;
        if ((await c.app.sessions.fork(chosen.entry, chosen.text)).switched) c.editor.setText(chosen.text);
      },
    },
    {
      name: "tree",
      description: "Navigate the conversation tree (type to search)",
      run: async () => {
        const rows = treeRows(c.app.session.treeNodes(), new Set(c.app.session.branch().map((e) => e.id)));
        if (rows.length === 0) return c.notice("warning", "The conversation is empty.");
        const leaf = c.app.session.leaf;
        const current = rows.findIndex((r) => r.node.id === leaf);
        const node = await pick(c, "Conversation tree (● current branch)", rows.map((r) => ({ label: r.label, value: r.node, filterText: r.node.content })), current >= 0 ? current : rows.length - 1);
        if (!node) return;
        // At a user message the conversation goes on from before it, with its text back in the editor to change.
        const before = node.role === "user";
        const target = before ? node.parentId : node.id;
        if (target === null) c.app.session.navigate(null);
        else {
          const moved = c.app.tree.navigateTo(target);
          if (!moved.success) return c.notice("error", moved.error ?? "cannot move there");
        }
        if (before) c.editor.setText(typedText(c.app.session.get(node.id)) ?? node.content);
        c.notice("system", `Moved to ${before ? "before" : "after"}: ${node.content.replace(/\s+/g, " ").slice(0, 80)}`);
        showHistory(c, 8);
        c.status.refresh();
      },
    },
    {
      name: "name",
      args: "<name>",
      description: "Name this session",
      run: (name) => {
        if (!name) return c.notice("system", c.app.session.name ? `This session is "${c.app.session.name}".` : "This session has no name: /name <name> gives it one.");
        c.app.session.setName(name);
        c.notice("system", `Session named "${name}".`);
      },
    },
    {
      name: "session",
      description: "This session: file, id, size, usage",
      immediate: true,
      run: () => {
        const s = c.app.session;
        const u = c.app.sessionData.getSessionUsage();
        const lines = [
          `Id        ${s.id}${s.name ? `  "${s.name}"` : ""}`,
          `Entries   ${s.size} (${countOf(c.app.session.messages().length, "message")} on this branch)`,
          `Usage     ${formatTokens(u.totalInputTokens)} in · ${formatTokens(u.totalOutputTokens)} out · ${formatCost(u.totalCost)} · ${countOf(u.requestCount, "request")}`,
          `Model     ${c.app.model()} · thinking ${c.app.modelControl.getThinkingLevel()}`,
        ];
        c.printBlock({ subtitle: "Session", text: lines.join("\n") });
        // The path under the box, not in it: a box would break it at its border.
        c.view.commit([s.path ? fileLine(s.path, deps.hyperlinks) : "  File  (in memory: --no-session)"]);
      },
    },
    {
      name: "export",
      args: "[file.md|file.json]",
      description: "Write the conversation to a file (Markdown, or JSON for .json)",
      run: (arg) => {
        const s = c.app.session;
        const path = resolve(c.cwd, arg || `kit-session-${s.id.slice(0, 8)}.md`);
        const t = transcriptOf(s);
        writeFileSync(path, path.endsWith(".json") ? exportJson(t) : exportMarkdown(t));
        c.notice("system", `Exported the conversation to ${path}`);
      },
    },
    {
      name: "retry",
      description: "Send the last message again (its answer is set aside on a branch)",
      working: true,
      run: async () => {
        const last = lastUserMessage(c);
        if (!last) return c.notice("warning", "There is no message to retry.");
        c.app.session.navigate(last.entry.parentId);
        c.notice("system", `Retrying: ${last.text.replace(/\s+/g, " ").slice(0, 80)}`);
        c.showOutcome(await c.app.submit(last.text, "interactive", last.attachments));
      },
    },
    {
      name: "undo",
      description: "Take back the last message and its answer (its text returns to the editor)",
      run: () => {
        const last = lastUserMessage(c);
        if (!last) return c.notice("warning", "There is nothing to undo.");
        c.app.session.navigate(last.entry.parentId);
        c.editor.setText(last.text);
        c.notice("system", "Took back the last message; the conversation continues from before it (the old exchange stays in /tree).");
        c.status.refresh();
      },
    },
  ];
}

/** The tree depth first, indented at each fork; messages and summaries only. */
function treeRows(nodes: TreeNode[], onBranch: Set<string>): { node: TreeNode; label: string }[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const roots = nodes.filter((n) => n.parentId === null || !byId.has(n.parentId));
  const rows: { node: TreeNode; label: string }[] = [];
  const stack: { node: TreeNode; depth: number }[] = roots.reverse().map((node) => ({ node, depth: 0 }));
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    const shown = (node.type === "message" && (node.role === "user" || node.role === "assistant")) || node.type === "compaction" || node.type === "branch_summary";
    if (shown && node.content.trim() !== "") {
      const who = node.type === "message" ? (node.role === "user" ? "you" : "kit") : node.type.replace("_", " ");
      const mark = onBranch.has(node.id) ? "● " : "  ";
      rows.push({ node, label: `${"  ".repeat(depth)}${mark}${who}: ${node.content.replace(/\s+/g, " ").slice(0, 100)}` });
    }
    const children = node.children.map((id) => byId.get(id)).filter((n): n is TreeNode => n !== undefined);
    const next = depth + (children.length > 1 ? 1 : 0);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: next });
  }
  return rows;
}
