/**
 * Secrets at rest: values sealed with AES-256-GCM under store.encryption-secret (and the check of that key), and each
 * OAuth connector's rotated refresh token, kept sealed.
 *
 * <p>Tables: oauth_grants (V9).
 */
package io.identitysync.store.secrets;
