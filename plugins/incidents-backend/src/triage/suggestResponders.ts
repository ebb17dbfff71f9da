import {
  CauseSuggestion,
  Incident,
  ResponderSuggestion,
} from '@lookout/plugin-incidents-common';
import { nameOf } from './severity';
import { firstResponders, OnCallLookup } from './sources';

const MAX_RESPONDERS = 10;

interface Team {
  groupRef: string;
  score: number;
  why: string;
}

/**
 * Who to call: the people on call for the origin's owner and for the owners of the leading
 * probable causes, each scored by the best reason to call them.
 */
export async function suggestResponders(
  oncall: OnCallLookup,
  incident: Incident,
  originOwner: string | null,
  causes: CauseSuggestion[],
  at: Date,
): Promise<ResponderSuggestion[]> {
  const byUser = new Map<string, ResponderSuggestion>();
  for (const team of teamsToCall(incident, originOwner, causes)) {
    const targets = await firstResponders(oncall, team.groupRef, at);
    for (const target of targets) {
      const known = byUser.get(target.userRef);
      const reason = {
        text: `${team.why}: ${target.reason}`,
        weight: team.score,
      };
      if (known) {
        known.reasons.push(reason);
        known.score = Math.max(known.score, team.score);
      } else {
        byUser.set(target.userRef, {
          id: `responder:${target.userRef}`,
          userRef: target.userRef,
          groupRef: team.groupRef,
          score: team.score,
          reasons: [reason],
        });
      }
    }
  }
  return [...byUser.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_RESPONDERS);
}

/** The origin's owner first, then the owner of each cause elsewhere, scored by the cause. */
function teamsToCall(
  incident: Incident,
  originOwner: string | null,
  causes: CauseSuggestion[],
): Team[] {
  const top = causes[0]?.score || 1;
  const teams: Team[] = [];
  if (originOwner) {
    teams.push({
      groupRef: originOwner,
      score: 1,
      why: `on call for ${nameOf(originOwner)}, which owns the origin ${nameOf(
        incident.entityRef,
      )}`,
    });
  }
  for (const cause of causes) {
    if (!cause.ownerRef || cause.entityRef === incident.entityRef) continue;
    teams.push({
      groupRef: cause.ownerRef,
      score: Math.round(((0.9 * cause.score) / top) * 100) / 100,
      why: `on call for ${nameOf(cause.ownerRef)}, which owns ${nameOf(
        cause.entityRef,
      )}, probable cause (score ${cause.score})`,
    });
  }
  return teams;
}
