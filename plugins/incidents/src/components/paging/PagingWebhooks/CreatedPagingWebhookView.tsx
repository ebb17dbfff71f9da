import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  CreatedPagingWebhook,
  PAGING_DELIVERY_HEADER,
  PAGING_SIGNATURE_HEADER,
} from '@lookout/plugin-incidents-common';
import { CodeSnippet, SecretValue } from '../../shared/ShownOnce';

/** How a receiver checks a delivery; the secret comes from its own config, never pasted in. */
const VERIFY_SNIPPET = `const { createHmac, timingSafeEqual } = require('node:crypto');

// rawBody: the request body as received, before any JSON parsing
function isFromLookout(rawBody, signatureHeader, secret) {
  const expected = Buffer.from(
    'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex'),
  );
  const given = Buffer.from(signatureHeader ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}`;

/**
 * The one time a new webhook's signing secret is visible: the secret to copy, and how the
 * receiver verifies that a page really comes from Lookout.
 */
export function CreatedPagingWebhookView(props: {
  created: CreatedPagingWebhook;
}) {
  const { created } = props;
  return (
    <>
      <Alert severity="warning">
        Copy the signing secret now: Lookout will not show it again. If it is
        lost, delete the webhook and add it again to get a new one.
      </Alert>
      <SecretValue label="Signing secret" value={created.secret} />
      <Box mt={3}>
        <Typography variant="subtitle2" component="h3">
          Verifying a delivery
        </Typography>
        <Typography variant="body2" paragraph>
          Every page is posted to {created.url} as JSON. The{' '}
          <code>{PAGING_SIGNATURE_HEADER}</code> header is <code>sha256=</code>{' '}
          followed by the hex HMAC-SHA256 of the raw request body, keyed with
          this secret. Compute it over the body exactly as received, before
          parsing it, compare in constant time, and refuse the request when they
          differ. <code>{PAGING_DELIVERY_HEADER}</code> stays the same when a
          failed delivery is retried, so use it to drop duplicates.
        </Typography>
        <CodeSnippet label="Verification example" code={VERIFY_SNIPPET} />
      </Box>
    </>
  );
}
