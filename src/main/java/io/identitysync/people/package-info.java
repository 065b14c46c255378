/**
 * A person's story (issue 30): who they are ({@link io.identitysync.people.People}), what the sync read, decided, sent
 * and was answered about them ({@link io.identitysync.people.PersonHistory}), as plain data that the command line
 * prints as text, JSON or CSV ({@link io.identitysync.people.PeopleOutput}) and an HTTP API can serve as it is.
 * Sensitive fields are named, never shown ({@link io.identitysync.people.Sensitive}).
 */
package io.identitysync.people;
