import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { JourneyStep } from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

function safeRef(ref: string, defaultKind: string, defaultNamespace: string) {
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace });
  } catch {
    return null;
  }
}

/** "docs.example.com/golden-path" for a doc URL. */
function docLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

/** Links of a step: the entity it goes through, its template, its docs. */
export function StepLinks(props: { step: JourneyStep; namespace: string }) {
  const { step, namespace } = props;
  const entity = step.entityRef
    ? safeRef(step.entityRef, 'Component', namespace)
    : null;
  const template = step.templateRef
    ? safeRef(step.templateRef, 'Template', namespace)
    : null;
  const docs = step.docs ?? [];
  if (!entity && !template && docs.length === 0) {
    return null;
  }
  return (
    <Box mt={1}>
      {entity && (
        <Typography variant="body2">
          Goes through <EntityRefLink entityRef={entity} />
        </Typography>
      )}
      {template && (
        <Typography variant="body2">
          Template:{' '}
          <Link to={`/create/templates/${template.namespace}/${template.name}`}>
            {template.name}
          </Link>{' '}
          (<EntityRefLink entityRef={template}>about</EntityRefLink>)
        </Typography>
      )}
      {docs.length > 0 && (
        <Typography variant="body2" component="div">
          Docs:{' '}
          {docs.map((url, i) => (
            <span key={url}>
              {i > 0 && ', '}
              <Link to={url}>{docLabel(url)}</Link>
            </span>
          ))}
        </Typography>
      )}
    </Box>
  );
}
