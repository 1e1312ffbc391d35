// The quote currency of an answer (`vs=`): its rate per US dollar from the view's exchange-rate
// table, the `meta.currency` that says where the rate came from and how fresh it is, and the
// rows' figures converted with it. USD needs no rate; any other currency needs the FX service's
// table, and without it the answer says why rather than guessing.
import { convertUsd, currencyOf, perUsdOf } from "../domain/currencies";
import type { MergedRow } from "../domain/merge";
import type { ServedRow } from "./top-query";
import type { TopView } from "./view";
import { inWords } from "./view-store";

export interface CurrencyMeta {
  code: string;
  name: string;
  kind: "fiat" | "crypto";
  /** Units of the currency per US dollar. */
  perUsd: number;
  /** Where the rate came from; null for USD, which needs none. */
  source: string | null;
  fetchedAt: string | null;
  checkedAt: string | null;
  ageSeconds: number | null;
  stale: boolean;
  staleAfterSeconds: number | null;
  refreshSeconds: number | null;
  lastError: string | null;
}

export interface CurrencyProblem {
  status: 400 | 503;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/**
 * The currency's meta for an answer from `view`, or why it cannot be given: conversion off (400),
 * no rates fetched yet or the table lacking the currency (503 with a retry hint and the reason).
 */
export function resolveCurrency(
  view: Pick<TopView, "fx">,
  code: string,
  fxEnabled: boolean,
  now: Date,
): CurrencyMeta | CurrencyProblem {
  const currency = currencyOf(code);
  if (!currency) return { status: 400, code: "invalid_vs", message: `vs names no currency Top Coins offers: ${code}` };
  if (currency.code === "USD") {
    return {
      ...currency,
      perUsd: 1,
      source: null,
      fetchedAt: null,
      checkedAt: null,
      ageSeconds: null,
      stale: false,
      staleAfterSeconds: null,
      refreshSeconds: null,
      lastError: null,
    };
  }
  if (!fxEnabled) {
    return {
      status: 400,
      code: "invalid_vs",
      message: `this server converts to no other currency than USD (FX_REFRESH_SECONDS=0); got ${JSON.stringify(code)}`,
    };
  }
  const fx = view.fx;
  const perUsd = perUsdOf(fx?.perUsd ?? null, currency.code);
  if (fx === null || perUsd === undefined) {
    const why =
      fx === null
        ? "the exchange-rate service has not reported yet"
        : fx.perUsd === null
          ? `${fx.meta.provider} has not delivered the exchange rates${fx.meta.lastError ? `: ${fx.meta.lastError}` : ""}${
              fx.meta.nextAttemptAt ? `, next try ${inWords(Date.parse(fx.meta.nextAttemptAt) - now.getTime())}` : ""
            }`
          : `${fx.meta.provider}'s exchange-rate table has no usable rate for ${currency.code}`;
    return {
      status: 503,
      code: "no_rate",
      message: `no ${currency.code} rate yet: ${why}; USD prices are served without vs`,
      headers: { "retry-after": "30" },
    };
  }
  return {
    ...currency,
    perUsd,
    source: fx.meta.provider,
    fetchedAt: fx.meta.fetchedAt,
    checkedAt: fx.meta.checkedAt,
    ageSeconds: fx.meta.ageSeconds,
    stale: fx.meta.stale,
    staleAfterSeconds: fx.meta.staleAfterSeconds,
    refreshSeconds: fx.meta.refreshSeconds,
    lastError: fx.meta.lastError,
  };
}

export function isCurrencyProblem(value: CurrencyMeta | CurrencyProblem): value is CurrencyProblem {
  return "status" in value;
}

/** The row with its price, market cap and volume in the currency, beside the USD figures. */
export function inCurrency(row: MergedRow, perUsd: number): ServedRow {
  return {
    ...row,
    price: convertUsd(row.priceUsd, perUsd),
    marketCap: convertUsd(row.marketCapUsd, perUsd),
    volume24h: convertUsd(row.volume24hUsd, perUsd),
  };
}
