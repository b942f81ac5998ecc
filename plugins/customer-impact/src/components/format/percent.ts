import { locale } from './locale';

/** Decimals a value is written with: 99.95 → 2, 99.9 → 1, 99 → 0 (floating noise removed first). */
function decimalsOf(value: number): number {
  const text = String(Number(value.toFixed(6)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function percentText(value: number, decimals: number): string {
  return `${value.toLocaleString(locale(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })} %`;
}

/** A share in [0, 1] as a whole percentage: 0.38 → "38 %". */
export function formatShare(share: number): string {
  return percentText(Math.round(share * 100), 0);
}

/** A target as written, e.g. 0.9995 → "99.95 %". */
export function formatTarget(target: number): string {
  const percent = target * 100;
  return percentText(percent, decimalsOf(percent));
}

/**
 * A measured value against its target, with one decimal more than the target
 * needs (target 99.95 % → "99.962 %"), and more when rounding would hide a
 * miss: a value below the target never shows as the target, a value below 1
 * never shows as 100 %. Null is "no data".
 */
export function formatSli(sli: number | null, target: number): string {
  if (sli === null) return 'no data';
  const percent = sli * 100;
  const targetPercent = target * 100;
  let decimals = Math.max(1, decimalsOf(targetPercent) + 1);
  const rounded = (d: number) => Number(percent.toFixed(d));
  while (
    decimals < 6 &&
    ((sli < 1 && rounded(decimals) >= 100) ||
      (percent < targetPercent &&
        rounded(decimals) >= Number(targetPercent.toFixed(decimals))))
  ) {
    decimals += 1;
  }
  return percentText(percent, decimals);
}

/** A budget fraction as a percentage with one decimal, e.g. -0.375 → "−37.5 %". */
export function formatBudget(fraction: number): string {
  const text = percentText(Math.abs(fraction) * 100, 1);
  return fraction < 0 ? `−${text}` : text;
}
