/**
 * `kit models [provider] [--all]`: without arguments, every provider kit can reach, with its wire,
 * key variable and whether that key is set (or one is stored with `kit auth login`); with a provider (or --all, every provider), a table of
 * its models, so a user can pick a model id, see its limits and what it costs, and spot a model
 * whose price kit does not know.
 */
import pc from "picocolors";
import { EXIT } from "../errors.ts";
import type { ModelRegistry } from "../llm/models/registry.ts";
import { providerAccess } from "../llm/target.ts";
import type { ModelInfo, ModelPricing } from "../llm/models/types.ts";

export interface ModelsCommandOptions {
  provider?: string;
  /** The models of every provider. */
  all?: boolean;
  registry: ModelRegistry;
  /** Where keys are looked for, to mark the providers that have one. */
  env: NodeJS.ProcessEnv;
  /** Providers with a stored key or login (`kit auth login`), which a run uses before the variable. */
  stored?: ReadonlySet<string>;
  out: (line: string) => void;
  /** Where errors go; `out` when not given. */
  err?: (line: string) => void;
  color: boolean;
}

const HEADERS = ["id", "name", "context", "output", "reasoning", "in/1M", "out/1M", "cache read", "cache write"];

export async function runModelsCommand(opts: ModelsCommandOptions): Promise<number> {
  const { registry, out } = opts;
  const c = palette(opts.color);
  for (const warning of registry.warnings) (opts.err ?? out)(c.warn(`warning: ${warning}`));

  let providers: string[];
  if (opts.provider !== undefined) {
    const wanted = opts.provider.trim().toLowerCase();
    if (!registry.hasProvider(wanted)) {
      (opts.err ?? out)(
        `unknown provider "${opts.provider}". Known providers: ${registry.providers().join(", ")}. ` +
          "Add one under 'providers' in your config, or reach any OpenAI-compatible server with -m custom/<model> --provider-url URL.",
      );
      return EXIT.usage;
    }
    providers = [wanted];
  } else if (opts.all) {
    providers = registry.providers();
  } else {
    for (const line of providerSummary(registry, opts.env, opts.stored ?? new Set(), c)) out(line);
    return EXIT.ok;
  }

  providers.forEach((provider, i) => {
    if (i > 0) out("");
    const source = registry.isDownloaded(provider) ? " (downloaded table)" : "";
    out(c.title(provider) + c.dim(source));
    out(`  ${c.dim(accessLine(registry, provider, opts.env, opts.stored ?? new Set()))}`);
    const models = registry.list(provider);
    if (models.length === 0) {
      out(`  ${c.dim(emptyHint(provider))}`);
    } else {
      const rows = models.map((m) => row(m, c));
      for (const line of table(HEADERS.map((h) => ({ text: h, shown: c.dim(h) })), rows)) out(`  ${line}`);
      const note = tierNote(models);
      if (note) out(`  ${c.dim(note)}`);
    }
    const aliases = registry.aliases(provider);
    if (aliases.length > 0) {
      out(`  ${c.dim("aliases:")}`);
      const width = Math.max(...aliases.map(([a]) => a.length));
      for (const [alias, target] of aliases) out(`    ${alias.padEnd(width)} → ${target}`);
    }
  });
  return EXIT.ok;
}

/** One row per provider: id, name, model count, wire, key variable, and a mark where a key is set. */
function providerSummary(registry: ModelRegistry, env: NodeJS.ProcessEnv, stored: ReadonlySet<string>, c: Palette): string[] {
  const header = ["provider", "name", "models", "wire", "key variable", "key"].map((h) => ({ text: h, shown: c.dim(h) }));
  const plain = (text: string): Cell => ({ text, shown: text });
  const rows = registry.providers().map((id) => {
    const meta = registry.providerMeta(id);
    const access = providerAccess(id, meta, registry.providerSettings(id), env);
    const key: Cell = stored.has(id)
      ? { text: "✓ stored", shown: c.ok("✓ stored") }
      : access.keySetIn
        ? { text: "✓ set", shown: c.ok("✓ set") }
        : plain(access.local || access.keyVariables.length === 0 ? "not needed" : "-");
    return [
      plain(id),
      plain(meta?.name ?? (id === "custom" ? "Any OpenAI-compatible server" : id)),
      plain(String(registry.list(id).length)),
      plain(access.wire ?? "own API, not routed"),
      plain(access.keyVariables.join(" | ") || "-"),
      key,
    ];
  });
  return [
    ...table(header, rows),
    "",
    c.dim("kit models <provider> lists a provider's models and prices; kit models --all lists every provider's."),
  ];
}

/** How a provider is reached: its wire, base URL and key variables. */
function accessLine(registry: ModelRegistry, provider: string, env: NodeJS.ProcessEnv, stored: ReadonlySet<string>): string {
  const meta = registry.providerMeta(provider);
  const access = providerAccess(provider, meta, registry.providerSettings(provider), env);
  const url = registry.providerSettings(provider)?.baseUrl ?? meta?.api;
  const key = stored.has(provider)
    ? "key stored (kit auth status)"
    : access.keySetIn
      ? `key from ${access.keySetIn}`
      : access.keyVariables.length > 0 && !access.local
        ? `key: set ${access.keyVariables.join(" or ")}`
        : "no key needed";
  return [`wire ${access.wire ?? "none (needs its own API)"}`, url ? `at ${url}` : undefined, key].filter(Boolean).join(" · ");
}

interface Cell {
  text: string;
  /** `text` with colour; padding is computed on `text`. */
  shown: string;
}

function row(m: ModelInfo, c: Palette): Cell[] {
  const plain = (text: string): Cell => ({ text, shown: text });
  const prices = priceCells(m.pricing, c);
  return [
    plain(m.modelId),
    plain(m.name),
    plain(formatTokens(m.contextLimit)),
    plain(formatTokens(m.outputLimit)),
    plain(m.reasoning ? "yes" : "no"),
    ...prices,
  ];
}

function priceCells(p: ModelPricing, c: Palette): Cell[] {
  if (!p.known) {
    const unknown = { text: "unknown", shown: c.warn("unknown") };
    return [unknown, unknown, unknown, unknown];
  }
  const mark = (p.tiers?.length ?? 0) > 0 ? "*" : "";
  const cell = (price: number | undefined): Cell => {
    const text = price === undefined ? "-" : formatUsd(price) + mark;
    return { text, shown: text };
  };
  return [cell(p.input), cell(p.output), cell(p.cacheRead), cell(p.cacheWrite)];
}

/** Explains the "*" on tiered prices: from which prompt size a whole request pays the higher rates. */
function tierNote(models: ModelInfo[]): string | undefined {
  const byThreshold = new Map<number, string[]>();
  for (const m of models) {
    if (!m.pricing.known) continue;
    for (const t of m.pricing.tiers ?? []) byThreshold.set(t.above, [...(byThreshold.get(t.above) ?? []), m.modelId]);
  }
  if (byThreshold.size === 0) return undefined;
  const thresholds = [...byThreshold.keys()].sort((a, b) => a - b);
  const parts =
    thresholds.length === 1
      ? [formatTokens(thresholds[0]!)]
      : thresholds.map((t) => `${formatTokens(t)} (${byThreshold.get(t)!.join(", ")})`);
  return `* a prompt over ${parts.join(" or ")} tokens makes the whole request pay higher rates`;
}

function table(header: Cell[], rows: Cell[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.text.length, ...rows.map((r) => r[i]!.text.length)));
  const render = (cells: Cell[]) =>
    cells
      .map((cell, i) => cell.shown + " ".repeat(i === cells.length - 1 ? 0 : widths[i]! - cell.text.length))
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)];
}

function emptyHint(provider: string): string {
  return provider === "custom"
    ? "no custom models: add them under 'customModels' in your config, or run any OpenAI-compatible server with -m custom/<model> --provider-url URL"
    : `no models listed; any model id works: -m ${provider}/<model>`;
}

/** 200000 → 200k, 1050000 → 1.05M, 8192 → 8.2k, 0 → ? (not known). */
export function formatTokens(n: number): string {
  if (n <= 0) return "?";
  if (n >= 1_000_000) return `${trim((n / 1_000_000).toFixed(2))}M`;
  if (n >= 1_000) return `${trim((n / 1_000).toFixed(1))}k`;
  return String(n);
}

/** 3 → $3, 0.3 → $0.30, 0.075 → $0.075: at least cents, never rounding a price away. */
export function formatUsd(price: number): string {
  let s = String(price);
  if (s.includes("e")) s = price.toFixed(10).replace(/0+$/, "");
  const dot = s.indexOf(".");
  if (dot >= 0 && s.length - dot - 1 < 2) s = s.padEnd(dot + 3, "0");
  return `$${s}`;
}

function trim(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

interface Palette {
  ok(s: string): string;
  title(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
}

function palette(color: boolean): Palette {
  if (!color) return { ok: (s) => s, title: (s) => s, dim: (s) => s, warn: (s) => s };
  const p = pc.createColors(true);
  return { ok: (s) => p.green(s), title: (s) => p.bold(s), dim: (s) => p.dim(s), warn: (s) => p.yellow(s) };
}
