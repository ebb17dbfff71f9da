import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who acted, as the timeline records it: a user's entity ref, or `service:<subject>` for a
 * backend plugin or external caller.
 */
export function actorRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return `service:${principal.subject}`;
  }
  return 'unknown';
}
