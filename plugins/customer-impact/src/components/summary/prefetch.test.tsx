import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  CustomerImpactApi,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';
import { act, screen } from '@testing-library/react';
import { ComponentType } from 'react';
import { customerImpactApiRef } from '../../api';
import { entity } from '../../__testUtils__/render';
import { withSummaryPrefetch } from './prefetch';
import { useCustomerImpactSummary } from './useCustomerImpactSummary';

/** A card that shows when its summary was generated. */
function GeneratedAt() {
  const { value, loading } = useCustomerImpactSummary();
  return <p>{loading ? 'loading' : `generated ${value?.generatedAt}`}</p>;
}

describe('withSummaryPrefetch', () => {
  it('asks for the summary while the card’s code is still loading, and the card uses that answer', async () => {
    const checkout = entity('Component', 'prefetch-checkout', {
      lifecycle: 'production',
    });
    const getEntitySummary = jest.fn(
      async (ref: string) =>
        ({
          entityRef: ref,
          generatedAt: '2026-12-06T11:00:00Z',
        } as EntityCustomerImpactSummary),
    );
    let arrive: (card: ComponentType<{}>) => void = () => {};
    const code = new Promise<ComponentType<{}>>(resolve => {
      arrive = resolve;
    });
    const Card = withSummaryPrefetch(() => code);

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            customerImpactApiRef,
            { getEntitySummary } as Partial<CustomerImpactApi> as never,
          ],
        ]}
      >
        <EntityProvider entity={checkout}>
          <Card />
        </EntityProvider>
      </TestApiProvider>,
    );
    // The card's code has not arrived: the request is on its way already.
    expect(screen.queryByText(/generated/)).not.toBeInTheDocument();
    expect(getEntitySummary).toHaveBeenCalledTimes(1);
    expect(getEntitySummary).toHaveBeenCalledWith(
      'component:default/prefetch-checkout',
    );

    await act(async () => arrive(GeneratedAt));
    expect(
      await screen.findByText('generated 2026-12-06T11:00:00Z'),
    ).toBeInTheDocument();
    // The card took the answer of that request: no second one.
    expect(getEntitySummary).toHaveBeenCalledTimes(1);
  });
});
