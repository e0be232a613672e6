// Robust summaries: medians and quartiles rather than means (page loads have long tails).

/** The q-quantile of `values` (linear interpolation between order statistics, as R's type 7). */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values) => quantile(values, 0.5);

/** Median absolute deviation from the median. */
export function mad(values) {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center)));
}

export function summarize(values) {
  return {
    n: values.length,
    median: median(values),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    mad: mad(values),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * `values` against `reference` (two cases' loads, round by round): the median over the
 * reference's median, and the median of each load over the reference's load of the same round
 * (paired: less sensitive to the machine's drift).
 */
export function ratios(values, reference) {
  return {
    ratio: median(values) / median(reference),
    paired: median(values.map((value, index) => value / reference[index])),
  };
}

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
