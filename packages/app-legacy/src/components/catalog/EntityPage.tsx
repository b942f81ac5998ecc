import { Entity } from '@backstage/catalog-model';
import {
  EntityAboutCard,
  EntityLayout,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  EntitySwitch,
  hasCatalogProcessingErrors,
  isKind,
  isOrphan,
} from '@backstage/plugin-catalog';
import {
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
  EntityUserProfileCard,
} from '@backstage/plugin-org';
import {
  EntityDeprecationBanner,
  EntityDeprecationCard,
  EntityGroupCustomerImpactCard,
  EntityInternalCustomersCard,
  EntityJourneyMapContent,
  EntityJourneysCard,
  EntityPainIndexCard,
  EntitySloCard,
  EntitySloContent,
  EntitySupportEventsContent,
  EntitySupportLoadCard,
  isDeprecationBannerRelevant,
  isJourneyStepEntity,
} from '@customer-impact/plugin-customer-impact';
import { readDeprecationAnnotations } from '@customer-impact/plugin-customer-impact-common';
import Grid from '@material-ui/core/Grid';

/**
 * The entity pages of the legacy app, written the way the legacy create-app
 * template writes them: an `EntitySwitch` over kinds, each an `EntityLayout`
 * with routes, each route a grid of cards. The Customer Impact cards sit
 * where the README's "Frontend, legacy frontend system" puts them.
 */

const isDeprecated = (entity: Entity) =>
  readDeprecationAnnotations(entity).deprecated;

/** At the top of every overview: catalog warnings, then the deprecation banner. */
const entityWarningContent = (
  <>
    <EntitySwitch>
      <EntitySwitch.Case if={isOrphan}>
        <Grid item xs={12}>
          <EntityOrphanWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasCatalogProcessingErrors}>
        <Grid item xs={12}>
          <EntityProcessingErrorsPanel />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={isDeprecationBannerRelevant}>
        <Grid item xs={12}>
          <EntityDeprecationBanner />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </>
);

/** The overview of components, APIs, resources and systems. */
const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityPainIndexCard />
    </Grid>
    <EntitySwitch>
      <EntitySwitch.Case if={isDeprecated}>
        <Grid item md={6} xs={12}>
          <EntityDeprecationCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <Grid item md={6} xs={12}>
      <EntitySloCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntitySupportLoadCard />
    </Grid>
    <EntitySwitch>
      <EntitySwitch.Case if={isJourneyStepEntity}>
        <Grid item md={6} xs={12}>
          <EntityJourneysCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </Grid>
);

/** Components, APIs, resources and systems: overview, SLOs and support tabs. */
const serviceEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
    <EntityLayout.Route path="/slos" title="SLOs">
      <EntitySloContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/support" title="Support">
      <EntitySupportEventsContent />
    </EntityLayout.Route>
  </EntityLayout>
);

const groupPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        {entityWarningContent}
        <Grid item xs={12} md={6}>
          <EntityGroupProfileCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <EntityGroupCustomerImpactCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <EntityInternalCustomersCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <EntityOwnershipCard />
        </Grid>
        <Grid item xs={12}>
          <EntityMembersListCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const userPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        {entityWarningContent}
        <Grid item xs={12} md={6}>
          <EntityUserProfileCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <EntityOwnershipCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

/** Journey entities (kind Journey): the journey map. */
const journeyPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Journey map">
      <EntityJourneyMapContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/about" title="About">
      <Grid container spacing={3}>
        {entityWarningContent}
        <Grid item md={6} xs={12}>
          <EntityAboutCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const defaultEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        {entityWarningContent}
        <Grid item md={6} xs={12}>
          <EntityAboutCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case
      if={isKind(['component', 'api', 'resource', 'system'])}
      children={serviceEntityPage}
    />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('journey')} children={journeyPage} />
    <EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>
  </EntitySwitch>
);
