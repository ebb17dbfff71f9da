import { Postmortem, TimelineEvent } from '@lookout/plugin-incidents-common';

const text = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** One timeline event in words, as the postmortem's derived timeline prints it. */
export function describeTimelineEvent(event: TimelineEvent): string {
  const { data } = event;
  switch (event.type) {
    case 'declared':
      return `declared the incident (${
        text(data.severity) ?? 'unknown severity'
      })`;
    case 'status_changed':
      return `changed status from ${text(data.from) ?? 'unknown'} to ${
        text(data.to) ?? 'unknown'
      }`;
    case 'severity_changed':
      return `changed severity from ${text(data.from) ?? 'unknown'} to ${
        text(data.to) ?? 'unknown'
      }`;
    case 'updated':
      return Array.isArray(data.fields) && data.fields.length > 0
        ? `updated ${data.fields.filter(f => typeof f === 'string').join(', ')}`
        : 'updated the incident';
    case 'acknowledged':
      return 'acknowledged the incident';
    case 'note':
      return `noted: ${(text(data.markdown) ?? '').replace(/\s+/g, ' ')}`;
    case 'role_assigned':
      return text(data.userRef)
        ? `made ${text(data.userRef)} ${text(data.role) ?? 'responder'}`
        : `left ${text(data.role) ?? 'a role'} unassigned`;
    case 'merged':
      return text(data.into)
        ? `merged this incident into ${text(data.into)}`
        : `merged ${text(data.from) ?? 'an incident'} into this incident`;
    case 'blast_radius':
      return 'recorded the blast radius';
    case 'alert_attached':
      return `attached the alert ${
        text(data.summary) ?? text(data.fingerprint) ?? ''
      }`.trim();
    case 'alert_resolved':
      return `alert resolved: ${
        text(data.summary) ?? text(data.fingerprint) ?? ''
      }`.trim();
    default:
      return String(event.type).replace(/_/g, ' ');
  }
}

/** The whole postmortem as one Markdown document, the timeline drawn from the incident. */
export function renderMarkdown(postmortem: Postmortem): string {
  const lines: string[] = [
    `# ${postmortem.title}`,
    '',
    `- Incident: ${postmortem.incidentId} (${postmortem.severity})`,
    `- Status: ${postmortem.status}`,
    `- Entity: ${postmortem.entityRef}`,
  ];
  if (postmortem.ownerRef) lines.push(`- Owner: ${postmortem.ownerRef}`);
  if (postmortem.rootCauseEntityRef) {
    lines.push(`- Root cause entity: ${postmortem.rootCauseEntityRef}`);
  }
  if (postmortem.causeCategory) {
    lines.push(`- Cause category: ${postmortem.causeCategory}`);
  }
  if (postmortem.tags.length > 0) {
    lines.push(`- Tags: ${postmortem.tags.join(', ')}`);
  }
  if (postmortem.publishedAt)
    lines.push(`- Published: ${postmortem.publishedAt}`);
  for (const section of postmortem.sections) {
    lines.push('', `## ${section.title}`, '');
    if (section.derived) {
      if (postmortem.timeline.length === 0) lines.push('_No events._');
      for (const event of postmortem.timeline) {
        lines.push(
          `- ${event.at} — ${event.actor} ${describeTimelineEvent(event)}`,
        );
      }
    } else {
      lines.push(section.body.trim() || '_Not written._');
    }
  }
  if (postmortem.reviewers.length > 0) {
    lines.push('', '## Reviewers', '');
    for (const reviewer of postmortem.reviewers) {
      lines.push(
        `- ${reviewer.userRef}: ${reviewer.decision.replace('_', ' ')}${
          reviewer.comment ? ` — ${reviewer.comment}` : ''
        }`,
      );
    }
  }
  lines.push('', '## Action items', '');
  if (postmortem.actionItems.length === 0) lines.push('_None._');
  else {
    lines.push(
      '| Item | Owner | Due | Status | Tracker |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const item of postmortem.actionItems) {
      const cell = (value: string) =>
        value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      lines.push(
        `| ${cell(item.title)} | ${item.ownerRef} | ${item.dueDate ?? '—'} | ${
          item.status
        }${item.overdue ? ' (overdue)' : ''} | ${
          item.trackerUrl ? `[link](${item.trackerUrl})` : '—'
        } |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The written text of a postmortem (no timeline), for search and triage. */
export function plainText(
  postmortem: Pick<Postmortem, 'title' | 'sections'>,
): string {
  return [
    postmortem.title,
    ...postmortem.sections
      .filter(s => !s.derived && s.body.trim())
      .map(s => `${s.title}: ${s.body.trim()}`),
  ].join('\n\n');
}
