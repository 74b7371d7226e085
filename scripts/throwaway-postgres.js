// A throwaway PostgreSQL server for the tests and benchmarks: Debian's `postgresql` binaries
// (/usr/lib/postgresql/<version>/bin, or $LLMX_PG_BIN), a cluster in a temp directory on a free port,
// run as `postgres` when the caller is root (PostgreSQL refuses to run as root). initdb, the slow part,
// runs once per machine and version into a template kept in the temp directory; each server copies it.
// Password logins (scram-sha-256) as the superuser `llmx_admin`; fsync off: data need not survive.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const SUPERUSER = 'llmx_admin';
export const SUPERUSER_PASSWORD = 'admin-secret';

/** The newest installed PostgreSQL's bin directory, or undefined. */
export function postgresBin() {
  if (process.env.LLMX_PG_BIN) return process.env.LLMX_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

function runAsOwner(binary, args) {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${binary.split('/').pop()} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function ownedDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

function template(bin) {
  const version = bin.split('/').at(-2) ?? 'x';
  const path = join(tmpdir(), `llmx-pg-template-${version}-${asRoot ? 'root' : process.getuid?.()}`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const work = ownedDir('llmx-pg-initdb-');
  const pwfile = join(work, 'pw');
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`);
  chmodSync(pwfile, 0o644);
  const data = join(work, 'data');
  runAsOwner(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  try {
    renameSync(data, path);
  } catch {
    // Another process made the template first: keep theirs.
  }
  rmSync(work, { recursive: true, force: true });
  return path;
}

async function freePort(host) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, host, resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a server listening on `listen` (default 127.0.0.1). Returns { host, port, dir, url(database,
 * user?), admin(sql, database?), stop(mode?), start(), remove() }; `remove` stops it and deletes it.
 * `dir/server.log` is its log (log_connections on).
 */
export async function startThrowawayPostgres({ listen = '127.0.0.1', extraConfig = '' } = {}) {
  const bin = postgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql): initdb not found under /usr/lib/postgresql/*/bin');
  const source = template(bin);
  const dir = ownedDir('llmx-pg-');
  const data = join(dir, 'data');
  cpSync(source, data, { recursive: true, preserveTimestamps: true });
  const port = await freePort(listen === '*' ? '127.0.0.1' : listen);
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      `listen_addresses = '${listen}'`,
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 200',
      'log_connections = on',
      "log_line_prefix = '%m [%p] %u@%d '",
      extraConfig,
    ].join('\n'),
  );
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all scram-sha-256\nhost all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', data]);
  chmodSync(data, 0o700);
  const pgCtl = join(bin, 'pg_ctl');
  const start = () => runAsOwner(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = (mode = 'fast') => runAsOwner(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  const host = listen === '*' ? '127.0.0.1' : listen;
  const url = (database, user = { name: SUPERUSER, password: SUPERUSER_PASSWORD }) =>
    `postgres://${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@${host}:${port}/${encodeURIComponent(database)}`;
  const admin = async (sql, database = 'postgres') => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    host,
    port,
    dir,
    url,
    admin,
    stop,
    start,
    remove() {
      try {
        stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
