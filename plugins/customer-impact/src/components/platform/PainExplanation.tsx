import { Link } from '@backstage/core-components';
import {
  PainIndex,
  explainPainIndex,
  formatPainNumber,
} from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { facetName, useTermLink } from './facetLinks';

/**
 * An entity's pain index the way a person reads it: "42 = 20 from 6.7 pages
 * a week + 15 from 30 stuck reports at 'Request a database' + …", each term
 * linking to its facet; "no data" in grey when nothing was measured.
 */
export function PainExplanation(props: {
  entityRef: string;
  painIndex: PainIndex;
  /** Also list the facets with no data. Default true. */
  showNoData?: boolean;
}) {
  const { painIndex, entityRef } = props;
  const linkOf = useTermLink();
  const { text, parts } = explainPainIndex(painIndex);
  const noData =
    (props.showNoData ?? true) && painIndex.noData.length > 0 ? (
      <Typography variant="caption" color="textSecondary" component="div">
        No data: {painIndex.noData.map(facetName).join(', ')}
      </Typography>
    ) : null;
  if (painIndex.value === null) {
    return (
      <>
        <Typography variant="body2" color="textSecondary">
          no data
        </Typography>
        {noData}
      </>
    );
  }
  if (parts.length === 0) {
    return (
      <>
        <Typography variant="body2">{text}</Typography>
        {noData}
      </>
    );
  }
  return (
    <>
      <Typography variant="body2">
        <strong>{formatPainNumber(painIndex.value)}</strong> ={' '}
        {parts.map((part, i) => (
          <Fragment key={`${part.term.facet}-${part.term.id}-${i}`}>
            {i > 0 ? ' + ' : ''}
            <Link to={linkOf(entityRef, part.term)}>{part.text}</Link>
          </Fragment>
        ))}
      </Typography>
      {noData}
    </>
  );
}
