/**
 * The canonical model every source maps to and every destination reads: people ({@link io.identitysync.model.CanonicalUser}),
 * departments and memberships, employments and the rule of the one in force ({@link io.identitysync.model.Employments}),
 * leaves, pay, custom fields, and what a mapping makes of one page ({@link io.identitysync.model.MappedPage}, with the
 * records it {@linkplain io.identitysync.model.Skipped skipped}). Plain values: no I/O, no Camel.
 */
package io.identitysync.model;
