import { InfoCard } from '@backstage/core-components';
import { formatPainNumber } from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatTimestamp, formatWindow } from '../format';
import { WithSummary } from '../summary';
import { PainExplanation } from './PainExplanation';

const TITLE = 'Pain index';

/**
 * On an entity page: how much the entity hurts its internal customers, as
 * one number explained term by term over the pain window.
 *
 * @public
 */
export function PainIndexCard() {
  return (
    <WithSummary title={TITLE} what="the pain index" facet="painIndex">
      {summary => {
        const { painIndex } = summary;
        return (
          <InfoCard
            title={TITLE}
            subheader={`Last ${formatWindow(
              painIndex.window,
            )}, computed ${formatTimestamp(summary.generatedAt)}`}
          >
            <Box display="flex" alignItems="baseline" mb={1}>
              <Typography
                variant="h3"
                component="span"
                color={
                  painIndex.value === null ? 'textSecondary' : 'textPrimary'
                }
              >
                {painIndex.value === null
                  ? 'no data'
                  : formatPainNumber(painIndex.value)}
              </Typography>
              {painIndex.value !== null && (
                <Box ml={1}>
                  <Typography variant="body2" color="textSecondary">
                    points
                  </Typography>
                </Box>
              )}
            </Box>
            <PainExplanation
              entityRef={summary.entityRef}
              painIndex={painIndex}
            />
            <Typography variant="caption" color="textSecondary" component="div">
              Each term is a weight × what a facet measured; the weights are set
              by your Backstage operator (customerImpact.painIndex).
            </Typography>
          </InfoCard>
        );
      }}
    </WithSummary>
  );
}
