"""What a batch's tokens cost, estimated: US dollars per million tokens of known models.

Prices are OpenAI's list prices for live requests (openai.com/api/pricing) as they stood in
2025, which is when this table was written; they change, so the report says "estimated" and
names the table's date. The Batch API costs half the live price. A model not in the table (a
self-hosted one, another provider's) has no price: the report says so, and nothing fails.
"""

from __future__ import annotations

from typing import Any

PRICES_AS_OF = "2025"
# model name (or its prefix before a dated suffix) -> (input, output) USD per 1M tokens, live
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
    "o3": (2.00, 8.00),
    "gpt-3.5-turbo": (0.50, 1.50),
}
BATCH_DISCOUNT = 0.5


def price_per_million(model: str) -> tuple[float, float] | None:
    """(input, output) for ``model``: its own entry, else the longest entry it starts with
    followed by '-' (a dated snapshot: gpt-4o-mini-2024-07-18), else None."""
    name = model.rsplit("/", 1)[-1].lower()
    if name in PRICES:
        return PRICES[name]
    known = [m for m in PRICES if name.startswith(m + "-")]
    return PRICES[max(known, key=len)] if known else None


def estimate(model: str, prompt_tokens: int, completion_tokens: int, batch: bool = True) -> float | None:
    """Estimated US dollars, or None when the model's price is not known."""
    price = price_per_million(model)
    if price is None:
        return None
    factor = BATCH_DISCOUNT if batch else 1.0
    return (prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000 * factor


def describe(model: str, prompt_tokens: int, completion_tokens: int, batch: bool = True) -> str:
    cost = estimate(model, prompt_tokens, completion_tokens, batch)
    if cost is None:
        return f"price unknown for {model}"
    return f"estimated ${cost:,.4f} ({'batch' if batch else 'live'} prices of {PRICES_AS_OF})"


def round_lines(rounds: list[dict[str, Any]], model: str, batch: bool = True) -> list[str]:
    """A line per round and one for the total: requests, answers, tokens, estimated price."""
    lines = []
    for r in rounds:
        lines.append(f"round {r['round']}: {r['requests']:,} requests, {r['answered']:,} answered, "
                     f"{r['failed']:,} failed · tokens in {r['prompt_tokens']:,} out {r['completion_tokens']:,} · "
                     + describe(model, r["prompt_tokens"], r["completion_tokens"], batch))
    if rounds:
        prompt = sum(r["prompt_tokens"] for r in rounds)
        completion = sum(r["completion_tokens"] for r in rounds)
        lines.append(f"total: {len(rounds)} round{'' if len(rounds) == 1 else 's'}, {sum(r['requests'] for r in rounds):,} requests · tokens in "
                     f"{prompt:,} out {completion:,} · " + describe(model, prompt, completion, batch))
    return lines
