import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import {
  CustomerImpactPage,
  GoldenPathsPage,
} from '@customer-impact/plugin-customer-impact';
import { Navigate, Route } from 'react-router-dom';
import { apis } from './apis';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';

/**
 * The demo's second frontend: a Backstage app on the legacy frontend system
 * (`createApp` from `@backstage/app-defaults`, routes and a classic
 * `EntityPage` written by hand), proving that the legacy exports of
 * `@customer-impact/plugin-customer-impact` work where apps have not
 * migrated yet. It talks to the same backend as `packages/app`.
 */
const app = createApp({
  apis,
  plugins: [catalogPlugin],
  components: {
    SignInPage: props => (
      <SignInPage {...props} providers={['guest']} title="Legacy frontend" />
    ),
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/golden-paths" element={<GoldenPathsPage />} />
    <Route path="/customer-impact" element={<CustomerImpactPage />} />
  </FlatRoutes>
);

export default function App() {
  const AppProvider = app.getProvider();
  return (
    <AppProvider>
      <AlertDisplay />
      <OAuthRequestDialog />
      <AppRouter>
        <Root>{routes}</Root>
      </AppRouter>
    </AppProvider>
  );
}
