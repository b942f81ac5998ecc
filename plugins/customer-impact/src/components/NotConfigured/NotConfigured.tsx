import { CodeSnippet, Link } from '@backstage/core-components';
import { FacetHowTo } from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import Collapse from '@material-ui/core/Collapse';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import { useState } from 'react';

/** The body of a facet's "How to set it up": text, annotation, snippets, docs link. */
export function HowToSetUp(props: { howTo: FacetHowTo }) {
  const { howTo } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Typography variant="body2">{howTo.text}</Typography>
      {howTo.snippets.map(snippet => (
        <Box key={snippet.label}>
          <Typography variant="caption" color="textSecondary" component="div">
            {snippet.label}
          </Typography>
          <CodeSnippet
            text={snippet.code}
            language={snippet.language}
            showCopyCodeButton
          />
        </Box>
      ))}
      <Typography variant="body2">
        <Link to={howTo.docsUrl}>Read the docs</Link>
      </Typography>
    </Box>
  );
}

/**
 * A facet that is not set up for the entity, in one compact line: the
 * facet's title, what is missing, and a "How to set it up" toggle that opens
 * the facet's `howTo` (its text, the snippets to copy and the docs link).
 * The SLO, support-load, journeys and deprecation cards use it instead of a
 * full card.
 */
export function NotConfigured(props: {
  /** The card's title, e.g. "SLOs". */
  title: string;
  /** What is missing, for a person, e.g. "No SLOs yet." */
  message: string;
  howTo: FacetHowTo;
  /** Open from the start (the SLO tab has nothing else to show). */
  defaultExpanded?: boolean;
}) {
  const [open, setOpen] = useState(props.defaultExpanded ?? false);
  const id = `how-to-${props.title.toLocaleLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card variant="outlined" data-testid="facet-not-configured">
      <Box
        display="flex"
        alignItems="baseline"
        flexWrap="wrap"
        px={2}
        py={1}
        style={{ gap: 8 }}
      >
        <Typography
          variant="subtitle1"
          component="h2"
          style={{ fontWeight: 600 }}
        >
          {props.title}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {props.message}
        </Typography>
        <MuiLink
          component="button"
          variant="body2"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(o => !o)}
          style={{ display: 'inline-flex', alignItems: 'center' }}
        >
          How to set it up
          {open ? (
            <ExpandLess fontSize="small" />
          ) : (
            <ExpandMore fontSize="small" />
          )}
        </MuiLink>
      </Box>
      <Collapse in={open}>
        <Box id={id} px={2} pb={2}>
          <HowToSetUp howTo={props.howTo} />
        </Box>
      </Collapse>
    </Card>
  );
}
