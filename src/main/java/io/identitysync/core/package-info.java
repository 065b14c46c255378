/**
 * What every part shares and none owns: the errors a run fails with ({@link io.identitysync.core.SourceException},
 * {@link io.identitysync.core.RunRefusedException}), back-off, secrets scrubbing, usernames, reading ids from
 * source records, and the vendor's own words from a refused answer ({@link io.identitysync.core.VendorWords}).
 */
package io.identitysync.core;
