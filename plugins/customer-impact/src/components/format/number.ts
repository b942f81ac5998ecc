import { locale } from './locale';

/** A count with thousands separators in the reader's locale: "1,234". */
export function formatCount(n: number): string {
  return n.toLocaleString(locale(), { maximumFractionDigits: 0 });
}

/** A number with up to `digits` decimals in the reader's locale: "2.5", "1,234". */
export function formatNumber(n: number, digits = 1): string {
  return n.toLocaleString(locale(), { maximumFractionDigits: digits });
}

/** A rate a week with exactly one decimal, the way relief is read: "3.0", "0.3", "12.5". */
export function formatPerWeek(n: number): string {
  return n.toLocaleString(locale(), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
}

/** A signed difference: "+2", "−1.5", "±0"; null is "no data". */
export function formatDifference(value: number | null): string {
  if (value === null) {
    return 'no data';
  }
  if (value === 0) {
    return '±0';
  }
  return value > 0 ? `+${formatNumber(value)}` : `−${formatNumber(-value)}`;
}

/** A burn rate, e.g. "14.4×", "0.35×"; null is "no data". */
export function formatBurnRate(rate: number | null): string {
  if (rate === null) return 'no data';
  const decimals = rate >= 10 ? 1 : 2;
  return `${rate.toLocaleString(locale(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })}×`;
}

/** A ratio against an expectation, e.g. "2.4×". */
export function formatTimes(ratio: number): string {
  return `${ratio.toLocaleString(locale(), { maximumFractionDigits: 1 })}×`;
}

/** A mean Customer Effort Score, e.g. "4.2 / 7". */
export function formatEffort(effort: number): string {
  return `${effort.toLocaleString(locale(), { maximumFractionDigits: 1 })} / 7`;
}
