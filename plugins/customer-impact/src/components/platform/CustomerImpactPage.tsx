import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  GroupRollup,
  RollupEntity,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { customerImpactApiRef } from '../../api';
import { formatTimestamp, formatWindow } from '../format';
import { ChangesCard } from '../changes';
import { GroupPicker } from './GroupPicker';
import { PainTrendChart } from './PainTrendChart';
import {
  ConsumersTable,
  DeprecationsTable,
  RankedEntitiesTable,
} from './RollupTables';

const PAGE_SIZE = 20;
/** Recorded changes are listed for the tree's entities with most pain. */
const CHANGES_OF_TOP = 20;

type State =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'ok'; rollup: GroupRollup; entities: RollupEntity[] };

/**
 * The Customer Impact page for platform teams: pick a group (your own first)
 * and see, over its whole tree, which entities hurt their internal customers
 * most and why, the consuming teams hurting most, the deprecations and the
 * 12-week trend, and the changes recorded on those entities with their
 * relief per consuming team (recorded from here too).
 *
 * @public
 */
export function CustomerImpactPage() {
  const api = useApi(customerImpactApiRef);
  const [params, setParams] = useSearchParams();
  const groupRef = params.get('group') ?? undefined;
  const setGroup = useCallback(
    (ref: string) => setParams({ group: ref }, { replace: !groupRef }),
    [setParams, groupRef],
  );
  const [state, setState] = useState<State>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    if (!groupRef) {
      return undefined;
    }
    let cancelled = false;
    setState({ status: 'loading' });
    api.getGroupRollup(groupRef, { limit: PAGE_SIZE }).then(
      rollup =>
        !cancelled &&
        setState({ status: 'ok', rollup, entities: rollup.entities }),
      error => !cancelled && setState({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, groupRef]);

  const loadMore = async () => {
    if (state.status !== 'ok' || !state.rollup.page.nextCursor || !groupRef) {
      return;
    }
    const next = await api.getGroupRollup(groupRef, {
      limit: PAGE_SIZE,
      cursor: state.rollup.page.nextCursor,
    });
    setState({
      status: 'ok',
      rollup: { ...state.rollup, page: next.page },
      entities: [...state.entities, ...next.entities],
    });
  };

  const refresh = async () => {
    if (!groupRef) return;
    setRefreshing(true);
    try {
      const rollup = await api.refreshGroupRollup(groupRef);
      setState({ status: 'ok', rollup, entities: rollup.entities });
    } catch (error) {
      setState({ status: 'error', error: error as Error });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <Page themeId="tool">
      <Header
        title="Customer Impact"
        subtitle="Where the internal customers of a group's platform hurt, and why"
      />
      <Content>
        <ContentHeader title="Internal customers' pain">
          <Box display="flex" alignItems="center">
            <GroupPicker value={groupRef} onChange={setGroup} />
            <Box ml={2}>
              <Button
                variant="outlined"
                onClick={refresh}
                disabled={!groupRef || refreshing}
              >
                {refreshing ? 'Computing…' : 'Compute again now'}
              </Button>
            </Box>
          </Box>
        </ContentHeader>
        {state.status === 'loading' && <Progress />}
        {state.status === 'error' && (
          <WarningPanel
            severity="error"
            title="Could not load the group's rollup"
            message={state.error.message}
          />
        )}
        {state.status === 'ok' && (
          <RollupView
            rollup={state.rollup}
            entities={state.entities}
            onLoadMore={loadMore}
          />
        )}
      </Content>
    </Page>
  );
}

function RollupView(props: {
  rollup: GroupRollup;
  entities: RollupEntity[];
  onLoadMore: () => void;
}) {
  const { rollup, entities } = props;
  const window = `last ${formatWindow(rollup.window)}`;
  const computed = rollup.computedAt
    ? `computed ${formatTimestamp(rollup.computedAt)}`
    : 'not computed yet';
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          <EntityRefLink entityRef={rollup.groupRef} defaultKind="group" /> and{' '}
          {groupsBelow(rollup.groups.length - 1)} · {rollup.page.total} entities
          · {window} · {computed}
        </Typography>
      </Grid>
      <Grid item xs={12} lg={8}>
        <InfoCard
          title="Where it hurts"
          subheader={`Entities of the tree ranked by pain, ${window}`}
        >
          {entities.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No entity of this group's tree has been measured yet.
            </Typography>
          ) : (
            <RankedEntitiesTable entities={entities} />
          )}
          {rollup.page.nextCursor && (
            <Box mt={1}>
              <Button onClick={props.onLoadMore}>
                Show more ({entities.length} of {rollup.page.total})
              </Button>
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={4}>
        <InfoCard
          title="Pain over 12 weeks"
          subheader="The tree's total, per week"
        >
          <PainTrendChart trend={rollup.trend} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={7}>
        <InfoCard
          title="Internal customers hurting most"
          subheader={`Consuming teams by the pain they report on this tree, ${window}`}
        >
          {rollup.consumers.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              no data: no consuming team reported anything on this tree
            </Typography>
          ) : (
            <ConsumersTable consumers={rollup.consumers} />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        <InfoCard
          title="Deprecations"
          subheader="Deprecated entities of the tree"
        >
          {rollup.deprecations.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              Nothing in this tree is deprecated.
            </Typography>
          ) : (
            <DeprecationsTable deprecations={rollup.deprecations} />
          )}
        </InfoCard>
      </Grid>
      {entities.length > 0 && (
        <Grid item xs={12}>
          {/* The changes of the tree's entities hurting most (the API takes 20 refs). */}
          <ChangesCard
            title="Recorded changes and their relief"
            entityRefs={entities.slice(0, CHANGES_OF_TOP).map(e => e.entityRef)}
          />
        </Grid>
      )}
    </Grid>
  );
}

/** "1 group below it", "3 groups below it". */
export function groupsBelow(n: number): string {
  return `${n} ${n === 1 ? 'group' : 'groups'} below it`;
}
