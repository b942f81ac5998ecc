export { nearestRankMedian, nearestRankPercentile } from './stats';
