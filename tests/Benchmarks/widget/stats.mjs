// Percentiles of the runs (linear interpolation between sorted values), shared by the widget measurements.
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.ceil(at)] - sorted[lo]) * (at - lo);
}

export const round = (x) => Math.round(x * 100) / 100;

/** { p50, p90 } of one number picked from each sample. */
export const p50p90 = (samples, pick) => {
  const values = samples.map(pick);
  return { p50: round(percentile(values, 0.5)), p90: round(percentile(values, 0.9)) };
};
