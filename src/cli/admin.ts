import type { CAC } from 'cac';
import { type ConfigFlags, loadConfig } from '../config.ts';
import type { ApiKeyRow } from '../db/schema.ts';
import { MAX_KEY_DAYS } from '../core/auth/keys.ts';
import type { Services } from '../services.ts';
import { CliError, isoOrDash, printJson, printTable } from './output.ts';

interface AdminFlags extends ConfigFlags {
  json?: boolean;
  org?: string;
  project?: string;
  label?: string;
  prefix?: string;
  expires?: string | number;
  readOnly?: boolean;
  rateLimit?: string | number;
  description?: string;
}

/** Runs an admin action against the data directory (works while a server is running on it). */
async function withServices<T>(flags: AdminFlags, fn: (s: Services) => T | Promise<T>): Promise<T> {
  const { openServices } = await import('../services.ts');
  const services = await openServices(loadConfig(flags));
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

function keyJson(k: ApiKeyRow) {
  return {
    id: k.id,
    preview: `${k.preview}…`,
    label: k.label,
    scope: k.projectId ? 'project' : 'organization',
    organization_id: k.orgId,
    project_id: k.projectId,
    read_only: k.readOnly,
    rate_limit: k.rateLimit,
    created_by: k.createdBy,
    created_at: isoOrDash(k.createdAt),
    expires_at: isoOrDash(k.expiresAt),
    revoked_at: isoOrDash(k.revokedAt),
    status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= Date.now() ? 'expired' : 'active',
  };
}

function needArg(value: string | undefined, usage: string): string {
  if (!value) throw new CliError(`Missing argument. Usage: ${usage}`);
  return value;
}

/** `--expires <days>`: a positive number of days, at most {@link MAX_KEY_DAYS} (a key without it never expires). */
function expiryDays(raw: unknown): number {
  const days = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (typeof raw === 'string' && raw.trim() === '') throw new CliError('--expires needs a number of days');
  if (!Number.isFinite(days) || days <= 0 || days > MAX_KEY_DAYS)
    throw new CliError(
      `--expires must be a positive number of days up to ${MAX_KEY_DAYS} (leave it out for a key that never expires)`,
    );
  return days;
}

/** Registers `orgs`, `projects` and `keys`. */
export function registerAdminCommands(cli: CAC): void {
  cli
    .command('orgs <action> [name]', 'Manage organizations: create <name> | list')
    .option('--json', 'Print JSON')
    .action((action: string, name: string | undefined, flags: AdminFlags) =>
      withServices(flags, async (s) => {
        if (action === 'create') {
          const org = await s.tenancy.createOrg(needArg(name, 'docserve orgs create <name>'));
          if (flags.json) printJson({ id: org.id, name: org.name });
          else console.log(`Created organization ${org.name} (${org.id})`);
          return;
        }
        if (action === 'list') {
          const rows = (await s.tenancy.listOrgs()).map((o) => ({
            id: o.id,
            name: o.name,
            default_project_id: o.defaultProjectId,
            created_at: isoOrDash(o.createdAt),
          }));
          if (flags.json) printJson(rows);
          else printTable(rows, ['id', 'name', 'default_project_id', 'created_at']);
          return;
        }
        throw new CliError(`Unknown action "${action}" (use create or list)`);
      }),
    );

  cli
    .command('projects <action> [name]', 'Manage projects: create <name> [--org ID] | list [--org ID]')
    .option('--org <id>', 'Organization id (default: the only organization)')
    .option('--description <text>', 'Project description')
    .option('--json', 'Print JSON')
    .action((action: string, name: string | undefined, flags: AdminFlags) =>
      withServices(flags, async (s) => {
        if (action === 'create') {
          const orgId = flags.org ?? (await onlyOrg(s));
          const p = await s.tenancy.createProject(
            orgId,
            needArg(name, 'docserve projects create <name> [--org ID]'),
            flags.description ?? '',
          );
          if (flags.json) printJson({ id: p.id, organization_id: p.orgId, name: p.name });
          else console.log(`Created project ${p.name} (${p.id}) in organization ${p.orgId}`);
          return;
        }
        if (action === 'list') {
          const rows = (await s.tenancy.listProjects(flags.org)).map((p) => ({
            id: p.id,
            organization_id: p.orgId,
            name: p.name,
            created_at: isoOrDash(p.createdAt),
          }));
          if (flags.json) printJson(rows);
          else printTable(rows, ['id', 'organization_id', 'name', 'created_at']);
          return;
        }
        throw new CliError(`Unknown action "${action}" (use create or list)`);
      }),
    );

  cli
    .command('keys <action> [id]', 'Manage API keys: create --project ID | --org ID | list | revoke <id>')
    .option('--project <id>', 'Bind the key to one project (project-scoped key)')
    .option('--org <id>', 'Organization-scoped key (all projects of the organization)')
    .option('--label <label>', 'A name for the key')
    .option('--prefix <prefix>', 'Key prefix, e.g. ocr_, org_, acc_')
    .option('--expires <days>', 'Expire after this many days')
    .option('--read-only', 'Key may only read')
    .option('--rate-limit <n>', 'Requests per window for every dialect (overrides the dialect default)')
    .option('--json', 'Print JSON')
    .action((action: string, id: string | undefined, flags: AdminFlags) =>
      withServices(flags, async (s) => {
        if (action === 'create') {
          if (!flags.project && !flags.org) throw new CliError('Give --project ID or --org ID');
          if (flags.project && flags.org) throw new CliError('Give either --project or --org, not both');
          const project = flags.project ? await s.tenancy.project(String(flags.project)) : undefined;
          if (flags.project && !project) throw new CliError(`Project ${flags.project} not found`, 1);
          const rate = flags.rateLimit === undefined ? null : Number(flags.rateLimit);
          if (rate !== null && (!Number.isInteger(rate) || rate < 1))
            throw new CliError('--rate-limit must be a positive integer');
          const { key, row } = await s.keys.create({
            orgId: project ? project.orgId : String(flags.org),
            projectId: project?.id ?? null,
            label: flags.label,
            prefix: flags.prefix,
            expiresInDays: flags.expires === undefined ? null : expiryDays(flags.expires),
            readOnly: flags.readOnly === true,
            rateLimit: rate === null ? null : { '*': rate },
          });
          if (flags.json) printJson({ key, ...keyJson(row) });
          else {
            console.log(
              `Created ${row.projectId ? 'project' : 'organization'} key ${row.id}${row.label ? ` (${row.label})` : ''}`,
            );
            console.log(`\n  ${key}\n`);
            console.log('Store it now: it is shown only once.');
          }
          return;
        }
        if (action === 'list') {
          const rows = (await s.keys.list({ orgId: flags.org, projectId: flags.project })).map(keyJson);
          if (flags.json) printJson(rows);
          else printTable(rows, ['id', 'preview', 'label', 'scope', 'project_id', 'status', 'expires_at']);
          return;
        }
        if (action === 'revoke') {
          const keyId = needArg(id, 'docserve keys revoke <id>');
          const existing = await s.keys.get(keyId);
          if (!existing) throw new CliError(`Key ${keyId} not found`, 1);
          const revoked = await s.keys.revoke(keyId);
          if (flags.json) printJson({ id: keyId, revoked: true, already_revoked: !revoked });
          else console.log(revoked ? `Revoked key ${keyId}` : `Key ${keyId} was already revoked`);
          return;
        }
        throw new CliError(`Unknown action "${action}" (use create, list or revoke)`);
      }),
    );
}

async function onlyOrg(s: Services): Promise<string> {
  const orgs = await s.tenancy.listOrgs();
  if (orgs.length === 1) return (orgs[0] as { id: string }).id;
  throw new CliError(
    orgs.length
      ? 'Several organizations exist: give --org ID'
      : 'No organization yet: run docserve start once or docserve orgs create',
  );
}
