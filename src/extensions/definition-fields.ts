/**
 * The fields each definition an extension hands kit may have (registerTool, registerCommand, …,
 * ctx.setWidget). A field kit does not know is a mistake, most often a name from an older draft of
 * the contract (`defaultValue`, `position`, `render`), which would otherwise be silently ignored:
 * it throws, so the extension's line is reported, naming the field meant.
 */
import { closest } from "../did-you-mean.ts";
import type { CommandDef, MessageRendererConfig, OptionDef, ShortcutDef, ToolDef, ToolRenderConfig, WidgetConfig } from "./contract.ts";

interface DefinitionFields {
  /** Every field of the contract's interface (the `satisfies` below keeps them in step with it). */
  fields: Record<string, true>;
  /** Older names, and what to use instead. */
  renamed: Record<string, string>;
}

const DEFINITIONS = {
  registerTool: {
    fields: { name: true, description: true, parameters: true, kind: true, execute: true } satisfies Record<keyof ToolDef, true>,
    renamed: { handler: "execute", Handler: "execute", run: "execute", schema: "parameters", inputSchema: "parameters" },
  },
  registerCommand: {
    fields: { name: true, description: true, execute: true, complete: true } satisfies Record<keyof CommandDef, true>,
    renamed: { handler: "execute", Handler: "execute", run: "execute" },
  },
  registerShortcut: {
    fields: { key: true, description: true } satisfies Record<keyof ShortcutDef, true>,
    renamed: { handler: "registerShortcut(def, handler)", Handler: "registerShortcut(def, handler)" },
  },
  registerOption: {
    fields: { name: true, description: true, default: true } satisfies Record<keyof OptionDef, true>,
    renamed: { defaultValue: "default" },
  },
  registerToolRenderer: {
    fields: {
      toolName: true,
      displayName: true,
      borderColor: true,
      background: true,
      bodyMarkdown: true,
      renderHeader: true,
      renderBody: true,
    } satisfies Record<keyof ToolRenderConfig, true>,
    renamed: { name: "toolName", title: "displayName", render: "renderBody" },
  },
  registerMessageRenderer: {
    fields: { name: true, render: true } satisfies Record<keyof MessageRendererConfig, true>,
    renamed: { Handler: "render", handler: "render" },
  },
  setWidget: {
    fields: { id: true, placement: true, content: true, style: true, priority: true } satisfies Record<keyof WidgetConfig, true>,
    renamed: { position: "placement", name: "id" },
  },
} satisfies Record<string, DefinitionFields>;

export type DefinitionKind = keyof typeof DEFINITIONS;

/**
 * Throws for the first field of `def` that `kind`'s definition does not have. `label` names the
 * definition in the message (`registerOption("verbose")`).
 */
export function checkFields(kind: DefinitionKind, label: string, def: unknown): void {
  if (typeof def !== "object" || def === null) return; // the caller's own checks report a missing definition
  const { fields, renamed }: DefinitionFields = DEFINITIONS[kind];
  for (const field of Object.keys(def)) {
    if (Object.hasOwn(fields, field)) continue;
    const meant = Object.hasOwn(renamed, field) ? renamed[field] : closest(field, Object.keys(fields));
    const hint = meant ? ` (did you mean ${/^\w+$/.test(meant) ? meant : `to pass it as ${meant}`}?)` : "";
    throw new Error(`${label}: unknown field "${field}"${hint}; the fields are ${Object.keys(fields).join(", ")}`);
  }
}
