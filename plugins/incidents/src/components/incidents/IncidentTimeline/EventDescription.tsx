import { TimelineEvent } from '@lookout/plugin-incidents-common';
import { Actor } from '../../shared/Actor';
import { IncidentLink } from '../IncidentLink';

/** Event data arrives untyped; anything but a non-empty string counts as absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What happened, as the words after the actor's name: "changed status from triage to …". */
export function EventDescription(props: { event: TimelineEvent }) {
  const { type, data } = props.event;
  switch (type) {
    case 'declared':
      return <>declared the incident</>;
    case 'status_changed':
      return (
        <>
          changed status from {text(data.from) ?? 'unknown'} to{' '}
          {text(data.to) ?? 'unknown'}
        </>
      );
    case 'severity_changed':
      return (
        <>
          changed severity from {text(data.from) ?? 'unknown'} to{' '}
          {text(data.to) ?? 'unknown'}
        </>
      );
    case 'updated': {
      const fields = Array.isArray(data.fields)
        ? data.fields.filter(field => typeof field === 'string')
        : [];
      return fields.length > 0 ? (
        <>updated {fields.join(', ')}</>
      ) : (
        <>updated the incident</>
      );
    }
    case 'acknowledged':
      return <>acknowledged the incident</>;
    case 'note':
      return <>added a note</>;
    case 'role_assigned': {
      const role = text(data.role) ?? 'a role';
      const userRef = text(data.userRef);
      return userRef ? (
        <>
          made <Actor entityRef={userRef} /> {role}
        </>
      ) : (
        <>left {role} unassigned</>
      );
    }
    case 'merged': {
      const into = text(data.into);
      const from = text(data.from);
      if (into) {
        return (
          <>
            merged this incident into <IncidentLink id={into} />
          </>
        );
      }
      return from ? (
        <>
          merged <IncidentLink id={from} /> into this incident
        </>
      ) : (
        <>merged an incident</>
      );
    }
    case 'alert_attached':
      return (
        <>
          attached the alert{' '}
          <strong>{text(data.summary) ?? text(data.fingerprint) ?? ''}</strong>
        </>
      );
    case 'alert_resolved':
      return (
        <>
          saw the alert{' '}
          <strong>{text(data.summary) ?? text(data.fingerprint) ?? ''}</strong>{' '}
          resolve
        </>
      );
    case 'blast_radius': {
      const total = typeof data.total === 'number' ? data.total : 0;
      const owners = Array.isArray(data.owners) ? data.owners.length : 0;
      return (
        <>
          recorded the blast radius: {total}{' '}
          {total === 1 ? 'entity' : 'entities'} impacted, {owners}{' '}
          {owners === 1 ? 'team' : 'teams'} to tell
        </>
      );
    }
    case 'runbook_step':
      return (
        <>
          {data.checked === true ? 'ticked' : 'unticked'}{' '}
          <strong>{text(data.text) ?? 'a step'}</strong> in the runbook{' '}
          {text(data.runbookTitle) ?? ''}
        </>
      );
    case 'page_sent': {
      const userRef = text(data.userRef);
      const level = typeof data.level === 'number' ? data.level : undefined;
      return (
        <>
          paged {userRef ? <Actor entityRef={userRef} /> : 'someone'}
          {level !== undefined && <> (level {level})</>}
          {text(data.reason) && <>: {text(data.reason)}</>}
        </>
      );
    }
    case 'status_update_published':
      return <>published a status page update</>;
    default:
      // The backend adds event types over time (pages, alerts); say at least what kind it was.
      return <>{String(type).replace(/_/g, ' ')}</>;
  }
}
