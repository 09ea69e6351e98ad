/**
 * Checks the `providers` and `customModels` config values before the registry uses them. They come
 * from YAML, JSON or KIT_* variables as written by a person, so every wrong type is reported with the
 * key path and what is expected, as a usage error (exit 2).
 */
import { UsageError } from "../../errors.ts";
import { checkBaseUrl } from "../base-url.ts";
import { WIRES, type Wire } from "../types.ts";
import type { CustomModelSettings, ProviderSettings } from "./types.ts";

export function checkProviders(raw: unknown): Map<string, ProviderSettings> {
  const out = new Map<string, ProviderSettings>();
  for (const [id, value] of Object.entries(mapping(raw, "providers"))) {
    const where = `providers.${id}`;
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) {
      throw new UsageError(`config: provider id "${id}" must be lower case letters, digits, ".", "_" or "-" (it is the part before "/" in --model)`);
    }
    const v = mapping(value, where);
    const settings: ProviderSettings = {};
    const baseUrl = optionalUrl(v.baseUrl, `${where}.baseUrl`);
    if (baseUrl !== undefined) settings.baseUrl = baseUrl;
    if (v.wire !== undefined) {
      if (!WIRES.includes(v.wire as Wire)) {
        throw new UsageError(`config: ${where}.wire must be one of ${WIRES.join(", ")} (got ${JSON.stringify(v.wire)})`);
      }
      settings.wire = v.wire as Wire;
    }
    const apiKeyEnv = optionalString(v.apiKeyEnv, `${where}.apiKeyEnv`);
    if (apiKeyEnv !== undefined) settings.apiKeyEnv = apiKeyEnv;
    if (v.headers !== undefined) {
      const headers: Record<string, string> = {};
      for (const [name, h] of Object.entries(mapping(v.headers, `${where}.headers`))) {
        headers[name] = requiredString(h, `${where}.headers.${name}`);
      }
      settings.headers = headers;
    }
    out.set(id, settings);
  }
  return out;
}

export function checkCustomModels(raw: unknown): Map<string, CustomModelSettings> {
  const out = new Map<string, CustomModelSettings>();
  for (const [id, value] of Object.entries(mapping(raw, "customModels"))) {
    const where = `customModels.${id}`;
    const v = mapping(value ?? {}, where);
    const settings: CustomModelSettings = {};
    const name = optionalString(v.name, `${where}.name`);
    if (name !== undefined) settings.name = name;
    const baseUrl = optionalUrl(v.baseUrl, `${where}.baseUrl`);
    if (baseUrl !== undefined) settings.baseUrl = baseUrl;
    const apiKey = optionalString(v.apiKey, `${where}.apiKey`);
    if (apiKey !== undefined) settings.apiKey = apiKey;
    if (v.limit !== undefined) {
      const l = mapping(v.limit, `${where}.limit`);
      settings.limit = {};
      for (const key of ["context", "output"] as const) {
        const n = optionalNumber(l[key], `${where}.limit.${key}`, true);
        if (n !== undefined) settings.limit[key] = n;
      }
    }
    if (v.cost !== undefined) {
      const c = mapping(v.cost, `${where}.cost`);
      settings.cost = {};
      for (const key of ["input", "output", "cacheRead", "cacheWrite"] as const) {
        const n = optionalNumber(c[key], `${where}.cost.${key}`, false);
        if (n !== undefined) settings.cost[key] = n;
      }
    }
    out.set(id, settings);
  }
  return out;
}

function mapping(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) {
    throw new UsageError(`config: ${where} must be a mapping of keys to values (got ${describe(v)})`);
  }
  return v as Record<string, unknown>;
}

function optionalString(v: unknown, where: string): string | undefined {
  return v === undefined || v === null ? undefined : requiredString(v, where);
}

function requiredString(v: unknown, where: string): string {
  if (typeof v !== "string" || v === "") throw new UsageError(`config: ${where} must be a non-empty string (got ${describe(v)})`);
  return v;
}

function optionalUrl(v: unknown, where: string): string | undefined {
  const s = optionalString(v, where);
  return s === undefined ? undefined : checkBaseUrl(s, `config: ${where}`);
}

/** Numbers may arrive as text from KIT_* JSON or quoted YAML; "1.5" is accepted, "cheap" is not. */
function optionalNumber(v: unknown, where: string, integer: boolean): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    const what = integer ? "a whole number of tokens" : "a price in USD per million tokens";
    throw new UsageError(`config: ${where} must be ${what}, 0 or more (got ${describe(v)})`);
  }
  return n;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  return typeof v === "string" ? JSON.stringify(v) : typeof v === "object" ? "a mapping" : String(v);
}
