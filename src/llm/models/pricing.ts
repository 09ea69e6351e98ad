/**
 * Cost of one request from its token usage and the model's prices. The answer is either right or
 * `undefined`: an unknown model, unknown prices, or tokens of a kind whose price is unknown (a cache
 * hit on a model without a cache-read price) never turn into a guess.
 */
import type { Usage } from "../types.ts";
import type { ModelInfo, ModelPricing, PriceTier } from "./types.ts";

/** Prices are scaled to integers (1e-9 USD per million tokens) so sums are exact in BigInt. */
const PRICE_SCALE = 1e9;
const MILLION = 1e6;

type Rates = Omit<PriceTier, "above">;

/** USD for one request; `usage.input` is the uncached input, as everywhere in llm/. */
export function cost(info: ModelInfo | undefined, usage: Usage): number | undefined {
  if (!info || !info.pricing.known) return undefined;
  const rates = ratesFor(info.pricing, usage.input + usage.cacheRead + usage.cacheWrite);
  const parts: [tokens: number, price: number | undefined][] = [
    [usage.input, rates.input],
    [usage.output, rates.output],
    [usage.cacheRead, rates.cacheRead],
    [usage.cacheWrite, rates.cacheWrite],
  ];
  let total = 0n;
  for (const [tokens, price] of parts) {
    if (tokens === 0) continue;
    if (price === undefined || !isCount(tokens)) return undefined;
    total += BigInt(tokens) * BigInt(Math.round(price * PRICE_SCALE));
  }
  // One division at the end: the only rounding is the final conversion to a float.
  return Number(total) / (PRICE_SCALE * MILLION);
}

/** The rates a request with `promptTokens` prompt tokens pays: the highest tier it exceeds, else the base. */
export function ratesFor(pricing: ModelPricing, promptTokens: number): Rates {
  let best: PriceTier | undefined;
  for (const tier of pricing.tiers ?? []) {
    if (promptTokens > tier.above && (!best || tier.above > best.above)) best = tier;
  }
  return best ?? pricing;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
