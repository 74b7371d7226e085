import type pg from 'pg';

export const SUPERUSER: string;
export const SUPERUSER_PASSWORD: string;
export function postgresBin(): string | undefined;

export interface ThrowawayPostgres {
  /** The address clients use. */
  host: string;
  port: number;
  /** The server's directory (data, socket, server.log). */
  dir: string;
  /** A URL for `database` as `user` (default the superuser). */
  url(database: string, user?: { name: string; password: string }): string;
  /** Runs SQL as the superuser in `database` (default postgres). */
  admin(sql: string, database?: string): Promise<pg.QueryResult>;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops the server (immediately) and deletes its directory. */
  remove(): void;
}

export function startThrowawayPostgres(options?: { listen?: string; extraConfig?: string }): Promise<ThrowawayPostgres>;
