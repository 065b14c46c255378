/**
 * The store itself and what every part of it shares: opening and migrating it ({@link io.identitysync.store.Store},
 * Flyway's db/migration for SQLite and db/postgresql for PostgreSQL, which go in step), where the two databases
 * differ ({@link io.identitysync.store.Dialect}), how connections are made, and the SQL helpers: canonical JSON of
 * rows ({@link io.identitysync.store.Rows}), text and numbered parameters ({@link io.identitysync.store.Statements}),
 * one transaction ({@link io.identitysync.store.Transaction}), {@link io.identitysync.store.StoreException}. SQLite's
 * file upkeep sits here too, because opening the store and committing a run need it: the checkpoint after a commit
 * ({@link io.identitysync.store.WalCheckpoints}) and incremental vacuum ({@link io.identitysync.store.IncrementalVacuum}).
 *
 * <p>Owns no table but Flyway's flyway_schema_history. Every sub-package depends on this one and this one on none of
 * them; between the sub-packages the arrows go one way: commit uses staging, runs, outbox and identities; runs uses
 * staging and outbox; retention uses staging; outbox uses cluster.
 */
package io.identitysync.store;
