import { renderInTestApp } from '@backstage/test-utils';
import { SLO_HOW_TO } from '@customer-impact/plugin-customer-impact-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NotConfigured } from './NotConfigured';

jest.setTimeout(30_000);

describe('NotConfigured', () => {
  it('takes one line, and expanding it shows the text, the snippets and the docs link', async () => {
    await renderInTestApp(
      <NotConfigured title="SLOs" message="No SLOs yet." howTo={SLO_HOW_TO} />,
    );
    expect(screen.getByText('SLOs')).toBeVisible();
    expect(screen.getByText('No SLOs yet.')).toBeVisible();
    const toggle = screen.getByRole('button', { name: /How to set it up/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // Folded: neither the text nor the 30-line example is visible.
    expect(screen.getByText(SLO_HOW_TO.text)).not.toBeVisible();
    expect(screen.getByText('slos/checkout.yaml')).not.toBeVisible();

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(SLO_HOW_TO.text)).toBeVisible();
    expect(screen.getByText('catalog-info.yaml')).toBeVisible();
    expect(screen.getByText('slos/checkout.yaml')).toBeVisible();
    const snippets = Array.from(document.querySelectorAll('pre')).map(
      pre => pre.textContent,
    );
    expect(snippets).toEqual([
      expect.stringContaining('customer-impact/openslo: ./slos/checkout.yaml'),
      expect.stringContaining('name: checkout-availability'),
    ]);
    expect(
      screen.getByRole('link', { name: /^Read the docs/ }),
    ).toHaveAttribute('href', SLO_HOW_TO.docsUrl);

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('can start open', async () => {
    await renderInTestApp(
      <NotConfigured
        title="SLOs"
        message="No SLOs yet."
        howTo={SLO_HOW_TO}
        defaultExpanded
      />,
    );
    expect(screen.getByText(SLO_HOW_TO.text)).toBeVisible();
  });
});
