/**
 * Permission modes in the terminal UI: the dialog that answers a call no rule covers (allow once,
 * allow always for this project, deny with a reason for the model), Shift+Tab cycling the mode (the
 * controller's status bar shows it), and /permissions listing and removing the project's rules.
 */
import type { PermissionAnswer, PermissionRequest } from "../../app/permission-types.ts";
import type { Controller } from "./controller.ts";
import { InputModal, SelectModal } from "./modals.ts";
import type { BuiltinCommand } from "./slash-commands.ts";

type Choice = "allow-once" | "allow-always" | "deny";

/** Asks the user about one call; Esc (or quitting) denies it. */
export async function askPermission(c: Controller, request: PermissionRequest): Promise<PermissionAnswer> {
  const items = [
    { label: "Allow once", value: "allow-once" as Choice },
    { label: "Allow always for this project", description: request.rule, value: "allow-always" as Choice },
    { label: "Deny, and tell the model why", value: "deny" as Choice },
  ];
  const choice = await c.modals.open<Choice | undefined>(
    (finish) => new SelectModal<Choice>(`Allow ${request.title}?`, items, (picked) => finish(picked?.item.value), { filter: false, hint: "↑↓ move · Enter choose · Esc deny" }),
  );
  if (choice === "allow-always") c.notice("system", `Allowed in this project from now on: ${request.rule} (/permissions lists and removes rules).`);
  if (choice === "allow-once" || choice === "allow-always") return { kind: choice };
  if (choice === undefined) return { kind: "deny" };
  const why = await c.modals.open<{ cancelled: boolean; value: string }>(
    (finish) => new InputModal({ message: "Why not? (sent to the model; Enter with nothing sends no reason)", placeholder: "e.g. use the test script instead" }, finish),
  );
  const reason = why.cancelled ? "" : why.value.trim();
  return reason ? { kind: "deny", reason } : { kind: "deny" };
}

/** Shift+Tab: the next mode (auto → ask → read-only), from the next tool call on. */
export function cyclePermissionMode(c: Controller): void {
  c.app.permissions.cycle();
  c.view.invalidate();
}

export function permissionsCommand(c: Controller): BuiltinCommand {
  const permissions = c.app.permissions;
  const remove = (rule: string) => {
    if (!permissions.removeRule(rule)) throw new Error(`this project has no rule "${rule}" (see /permissions)`);
    c.notice("system", `Removed the rule ${rule}.`);
  };
  return {
    name: "permissions",
    args: "[remove [rule]]",
    description: "The permission mode and this project's rules; remove a rule",
    immediate: true,
    complete: (prefix) => ["remove", ...permissions.rules().filter((r) => r.source === "project").map((r) => `remove ${r.rule}`)].filter((s) => s.startsWith(prefix)),
    run: async (args) => {
      const [verb, ...rest] = args.split(/\s+/).filter(Boolean);
      const stored = permissions.rules().filter((r) => r.source === "project");
      if (verb === "remove") {
        if (rest.length) return remove(rest.join(" "));
        if (stored.length === 0) return c.notice("system", "This project has no stored rules.");
        const rule = await c.modals.open<string | undefined>(
          (finish) => new SelectModal<string>("Remove which rule?", stored.map((r) => ({ label: r.rule, value: r.rule })), (picked) => finish(picked?.item.value)),
        );
        if (rule) remove(rule);
        return;
      }
      if (verb !== undefined) throw new Error(`unknown argument "${verb}"; use /permissions, or /permissions remove [rule]`);
      const rules = permissions.rules();
      const lines = [
        `Mode: ${permissions.mode} (Shift+Tab cycles auto, ask, read-only)`,
        "",
        rules.length ? "Rules that allow calls without asking:" : "No rules: in ask mode every edit, write, command and MCP tool call not marked read-only asks first.",
        ...rules.map((r) => `  ${r.rule}${r.source === "--allow" ? "  (--allow, this run only)" : ""}`),
        ...(stored.length ? ["", "/permissions remove [rule] removes one of this project's rules."] : []),
      ];
      c.printBlock({ subtitle: "Permissions", text: lines.join("\n") });
    },
  };
}
