/**
 * The stored identities as their readers see them: a user row with their manager resolved (events, exports), counts
 * by connector and status (status, metrics), and what a directory push reads and remembers: its links to the
 * directory's records and whether it was filled.
 *
 * <p>Tables: directory_links, directory_fills (V4); reads users, groups and memberships, which the commit writes.
 */
package io.identitysync.store.identities;
