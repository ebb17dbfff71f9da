import {
  IMPORT_VENDORS,
  ImportPlan,
  ImportVendor,
} from '@lookout/plugin-incidents-common';

/*
 * `npm run import -- pagerduty|opsgenie --dry-run|--apply [--api-url URL]`
 *
 * Talks to a running Lookout backend over HTTP (POST /api/incidents/import/{vendor}/plan or
 * /apply) rather than opening the database: the import then goes through the same permission
 * check, catalog matching and schedule and policy services as the admin page, on whichever
 * replica answers, and the command needs no database credentials. The vendor token comes from
 * PAGERDUTY_TOKEN or OPSGENIE_API_KEY for this run (or the backend's configuration), travels
 * once in the request body and is never written anywhere.
 */

const USAGE = `Usage: npm run import -- pagerduty|opsgenie --dry-run|--apply [options]

  --api-url URL        the vendor's API base (default: its public API, or the backend's config)
  --backend URL        Lookout's backend (default: LOOKOUT_BACKEND_URL or http://localhost:7007)
  --default-owner REF  the Group owning schedules and policies no team or service maps to

Environment:
  PAGERDUTY_TOKEN / OPSGENIE_API_KEY  the vendor token for this run (else incidents.import.* in
                                      the backend's configuration); never stored
  LOOKOUT_TOKEN        a Backstage token the backend accepts: a user's, or a static token of
                       backend.auth.externalAccess (the import then runs as that service)

Prints what becomes of every object on stderr and ends with one JSON line on stdout: objects
planned, imported, skipped, unchanged, and the fidelity match per schedule.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  fetch: typeof fetch;
}

interface Options {
  vendor: ImportVendor;
  apply: boolean;
  apiUrl?: string;
  backend: string;
  defaultOwnerRef?: string;
}

function parseArgs(args: string[], env: CliIo['env']): Options | string {
  const vendor = IMPORT_VENDORS.find(v => v === args[0]);
  if (!vendor)
    return `Which vendor? Expected pagerduty or opsgenie, got "${
      args[0] ?? ''
    }"`;
  let mode: 'dry-run' | 'apply' | undefined;
  const options: Partial<Options> = {
    vendor,
    backend: env.LOOKOUT_BACKEND_URL ?? 'http://localhost:7007',
  };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--'))
        throw new Error(`${arg} needs a value`);
      return next;
    };
    try {
      if (arg === '--dry-run' || arg === '--apply') {
        if (mode) return 'Give one of --dry-run and --apply';
        mode = arg === '--apply' ? 'apply' : 'dry-run';
      } else if (arg === '--api-url') options.apiUrl = value();
      else if (arg === '--backend') options.backend = value();
      else if (arg === '--default-owner') options.defaultOwnerRef = value();
      else return `Unknown option ${arg}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (!mode) return 'Give --dry-run to plan or --apply to import';
  return { ...(options as Options), apply: mode === 'apply' };
}

/** One line per object that is not simply matched or unchanged, for the person running it. */
function describe(plan: ImportPlan): string[] {
  const lines: string[] = [];
  for (const o of plan.objects) {
    if (o.action === 'matched' || (o.action === 'unchanged' && o.exact))
      continue;
    const fidelity = o.fidelity ? ` · ${o.fidelity.matchPercent}% match` : '';
    lines.push(
      `${o.action.padEnd(9)} ${o.kind} ${o.name} (${o.vendorId})${
        o.target ? ` → ${o.target}` : ''
      }${fidelity}${o.reason ? ` — ${o.reason}` : ''}`,
    );
    for (const note of o.notExact) lines.push(`          not exact: ${note}`);
    for (const m of o.fidelity?.mismatches.slice(0, 5) ?? []) {
      lines.push(
        `          ${m.startsAt} → ${m.endsAt}: vendor ${
          m.vendor.join(', ') || 'nobody'
        }, Lookout ${m.lookout.join(', ') || 'nobody'}`,
      );
    }
  }
  return lines;
}

/** Runs the command; answers its exit code. */
export async function runImportCli(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.length === 0) {
    io.stderr(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const parsed = parseArgs(args, io.env);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n\n${USAGE}`);
    io.stdout(JSON.stringify({ error: parsed }));
    return 2;
  }
  const token =
    parsed.vendor === 'pagerduty'
      ? io.env.PAGERDUTY_TOKEN
      : io.env.OPSGENIE_API_KEY;
  const url = `${parsed.backend.replace(/\/+$/, '')}/api/incidents/import/${
    parsed.vendor
  }/${parsed.apply ? 'apply' : 'plan'}`;
  let response: Response;
  try {
    response = await io.fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(io.env.LOOKOUT_TOKEN
          ? { Authorization: `Bearer ${io.env.LOOKOUT_TOKEN}` }
          : {}),
      },
      body: JSON.stringify({
        ...(parsed.apiUrl ? { apiUrl: parsed.apiUrl } : {}),
        ...(token ? { token } : {}),
        ...(parsed.defaultOwnerRef
          ? { defaultOwnerRef: parsed.defaultOwnerRef }
          : {}),
      }),
    });
  } catch (error) {
    const message = `Cannot reach Lookout at ${parsed.backend}: ${
      (error as Error).message
    }`;
    io.stderr(message);
    io.stdout(JSON.stringify({ error: message }));
    return 1;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = `Lookout answered ${response.status}: ${
      body?.error?.message ?? response.statusText
    }`;
    io.stderr(message);
    io.stdout(JSON.stringify({ error: message }));
    return 1;
  }
  const plan = body as ImportPlan;
  for (const line of describe(plan)) io.stderr(line);
  io.stdout(
    JSON.stringify({
      vendor: plan.vendor,
      mode: parsed.apply ? 'apply' : 'dry-run',
      planned: plan.summary.planned,
      imported: plan.summary.imported,
      skipped: plan.summary.skipped,
      unchanged: plan.summary.unchanged,
      fidelity: plan.summary.fidelity,
    }),
  );
  return 0;
}
